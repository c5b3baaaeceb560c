"""The words an unseen statement is composed from, taken from the format research only.

Every list here comes from ``/work/shared/reference/formats.md`` (the national core-system
field dictionary §1.6, the date formats §1.2, numbers §1.3, status vocabulary §1.4, page
furniture §1.7 and the real layouts of §7) - never from the reader's own vocabulary
(``ingest/layouts/*.yaml``): a generator that spoke the reader's words would prove nothing.

Column labels are grouped by the *role* the generator gives the column; the reader has to
find the role from the words and the cells. Labels of extra columns (no role in the truth)
are real column names of the same documents (征收机构, 利息, 滞纳金, 划入个人账户金额 …).
"""

from __future__ import annotations

INSURANCE_NAMES: dict[str, tuple[str, ...]] = {
    "pension": ("基本养老保险", "企业职工基本养老保险", "城镇企业职工基本养老保险", "养老保险",
                "企业养老"),
    "medical": ("基本医疗保险", "职工基本医疗保险", "医疗保险"),
    "unemployment": ("失业保险",),
    "injury": ("工伤保险",),
    "maternity": ("生育保险",),
}
# group labels over the columns of one insurance (wide statements)
INSURANCE_GROUPS: dict[str, tuple[str, ...]] = {
    "pension": ("养老保险", "基本养老保险", "养老"),
    "medical": ("医疗保险", "基本医疗保险", "医疗"),
    "unemployment": ("失业保险", "失业"),
    "injury": ("工伤保险", "工伤"),
    "maternity": ("生育保险", "生育"),
}
# the insurance named by the title of a one-insurance statement (Chengdu 养老保险缴费明细)
SINGLE_TITLES: dict[str, tuple[str, ...]] = {
    "pension": ("{city}城镇职工养老保险缴费明细", "{city}企业职工基本养老保险个人缴费明细",
                "基本养老保险参保缴费明细（{city}）"),
    "medical": ("{city}职工基本医疗保险缴费明细", "{city}职工医疗保险参保缴费证明"),
}
TITLES = (
    "{city}社会保险个人参保证明", "{city}社会保险参保缴费情况", "{city}参保人员社会保险缴费明细",
    "{city}社会保险个人权益记录", "{city}职工社会保险缴费清单", "社会保险参保证明（个人专用）",
    "个人参保缴费明细（{city}）", "{city}社会保险个人缴费信息",
)
SUBTITLES = ("（个人专用）", "（参保人员）", "", "", "")

# one-level labels by role (formats.md §1.6 and §2, §7)
LABELS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "序号", "行号"),
    "month": ("缴费年月", "费款所属期", "对应费款所属期", "所属期", "缴费月份", "记录月份", "年月",
              "所属年月"),
    "year": ("年", "缴费年度", "年度"),
    "mon": ("月", "月份"),
    "range": ("起止年月", "缴费起止年月", "缴费起止时间", "参保起止时间"),
    "start": ("开始年月", "起始年月", "缴费开始年月"),
    "end": ("终止年月", "结束年月", "缴费终止年月"),
    "count": ("月数", "缴费月数"),
    "ins": ("险种", "险种类型", "险种名称"),
    "base": ("缴费基数", "缴费工资", "月缴费基数", "参保基数", "缴费基数（元）", "基数"),
    "emp": ("单位应缴金额", "单位缴费", "单位缴纳", "单位应缴（元）", "单位缴费额", "单位应缴"),
    "pers": ("个人应缴金额", "个人缴费", "个人缴纳", "个人应缴（元）", "个人缴费金额(元)",
             "个人缴费额"),
    "emp_rate": ("单位缴费比例", "单位比例", "单位费率"),
    "pers_rate": ("个人缴费比例", "个人比例", "个人费率"),
    "status": ("缴费状态", "缴费标志", "到账标志", "缴费类型", "缴费状况", "缴费性质", "参保情况",
               "备注"),
    "employer": ("单位名称", "缴费单位", "参保单位", "单位全称"),
    "code": ("单位编号", "单位编码", "单位代码", "单位管理码"),
    "paid_on": ("到账日期", "到账时间", "实收时间"),
}
# stacked headers: a group label over short sub-labels
GROUP_LABELS: dict[str, tuple[str, ...]] = {
    "emp": ("单位缴纳", "单位缴费", "单位应缴", "单位部分"),
    "pers": ("个人缴纳", "个人缴费", "个人应缴", "个人部分"),
}
SUB_RATE = ("比例", "费率", "缴费比例")
SUB_AMOUNT = ("金额", "缴费额", "应缴金额", "金额(元)")
# sub-labels under an insurance group (养老保险 over 基数 | 单位 | 个人)
WIDE_SUB: dict[str, tuple[str, ...]] = {
    "base": ("基数", "缴费基数", "缴费工资"),
    "emp": ("单位", "单位缴费", "单位交", "单位缴纳", "单位应缴"),
    "pers": ("个人", "个人缴费", "个人交", "个人缴纳", "个人应缴"),
    "emp_rate": ("单位比例", "单位费率"),
    "pers_rate": ("个人比例", "个人费率"),
}

# statuses as printed (formats.md §1.4, §7.1); keys are the truth statuses
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "paid": ("正常", "已到账", "已实缴", "已记账", "正常应缴", "正常缴费"),
    "back_paid": ("补缴", "补收", "正常补收"),
    "arrears": ("欠缴", "欠费"),
    "unpaid": ("未缴费",),
    "refunded": ("退收", "退保", "退账"),
    "not_insured": ("未参保",),
    "pending": ("未到账", "未到帐", "待到账", "未帐"),
}
NOT_INSURED_CELL = ("/", "／", "")

# extra columns that carry no field of the truth: label -> kind of content
EXTRA_COLUMNS: dict[str, str] = {
    "征收机构": "district",
    "经办机构": "agency",
    "行政区划": "region",
    "利息": "interest",
    "滞纳金": "late_fee",
    "利息（元）": "interest",
    "缴费方式": "how",
    "人员类别": "category",
    "缴费期": "pay_month",
    "做账期号": "pay_month",
    "划入个人账户金额": "account",
    "缴费档次": "grade",
}
HOW_PAID = ("银行托收", "网上缴费", "柜台缴纳", "单位代缴")
CATEGORIES = ("在职", "企业职工", "城镇职工")
GRADES = ("一档", "二档")

# the person block: label variants per field (formats.md §1.5, §7.1)
PERSON_LABELS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "姓 名", "姓　名", "参保人姓名", "个人姓名"),
    "id": ("公民身份号码", "身份证号码", "身份证号", "证件号码"),
    "ssn_is_id": ("社会保障号码", "社会保障号", "社会保障号码(身份证号)",
                  "社会保障号码（身份证号）"),
    "personal": ("个人编号", "社保个人编码", "个人社保编号", "个人编码"),
    "place": ("参保地", "参保地区", "参保所在地", "统筹区"),
}
PERSON_EXTRA: dict[str, tuple[str, ...]] = {
    "性别": ("男", "女"),
    "参保状态": ("正常参保", "参保缴费", "暂停缴费"),
    "证件类型": ("居民身份证",),
    "户籍": ("",),
}
# separators between a label and its value: colon forms, with or without spaces
SEPARATORS = ("：", ":", " :", " ：", "： ", ":  ", "　：")

PAGE_STYLES = ("共{t}页，第{p}页", "第 {p} 页 ( 共 {t} 页 )", "第 {p} 页 共 {t} 页",
               "第{p}页/共{t}页", "页码：{p}", "第{p}页,共{t}页", "{p}/{t}")
NOTES = (
    ("说明：1、本证明仅证明参保人在本统筹区的参保缴费情况。",
     "2、如对缴费记录有异议，请向参保单位或经办机构查询。",
     "3、社会保障号即公民身份号码。"),
    ("注：1、该单据所列缴费信息截至打印日期。",
     "2、单位缴费划入统筹基金，个人缴费记入个人账户。",
     "3、因银行划款，缴费到账一般有1至3个月延迟，属正常情况。"),
)
# watermark texts (what real documents carry, formats.md §1.7 and issue 15)
WATERMARKS = (
    "仅供查询使用", "打印专用", "仅供参考", "本人查询专用",
    "本文件由全国社保卡服务平台提供，任何第三方机构不得对数据进行二次加工、处理、解析或以任何形式用于商业用途",
    "{agency}", "{city}人力资源和社会保障局", "{bank}自助终端打印",
)
BANKS = ("中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "邮储银行")
STAMP_MIDDLE = ("电子印章", "业务专用章", "社会保险业务专用章", "证明专用章", "参保证明专用章")
VERIFY_LABELS = ("验证码", "验真码", "校验码", "授权码", "表单验证号码")
PRINT_LABELS = ("打印日期", "打印时间", "出具日期", "查询时间")
UNIT_NOTES = ("单位：元", "计算单位：元", "单位: 元", "金额单位：元")
CODE_TABLE_TITLES = ("单位编号对照表", "参保单位信息", "单位信息", "注：单位编码对应单位名称如下")
