"""Warning codes of the OCR path, with their messages for people (Chinese, English gloss).

A note is a ``(code, message)`` pair as carried by :attr:`shebao.ingest.words.PageText.notes`;
the extract stage turns notes into ``warnings`` entries (``code``, ``message``, ``page``) of the
``shebao.extract/1`` output. Codes are stable; messages may be reworded.
"""

from __future__ import annotations

# code -> (Chinese template, English template); templates use str.format fields
NOTES: dict[str, tuple[str, str]] = {
    "ocr_used": (
        "本页没有可用的文字层，已用 OCR（{engine}）识别，请对照原件核对",
        "no usable text layer; read by OCR ({engine}), check against the original",
    ),
    "ocr_perspective_corrected": (
        "已从照片中找出纸张并校正透视",
        "found the sheet in the photo and corrected its perspective",
    ),
    "ocr_rotated": (
        "页面方向不正，已旋转 {degrees}° 后识别",
        "page was not upright; rotated by {degrees}° before reading",
    ),
    "ocr_deskewed": (
        "页面倾斜约 {degrees:.1f}°，已纠正",
        "page was skewed by about {degrees:.1f}°; straightened",
    ),
    "ocr_low_resolution": (
        "文字太小（约 {px:.0f} 像素高，至少需要 {min_px} 像素），识别结果不可靠；"
        "请靠近拍摄或以至少 200 dpi 扫描",
        "text too small ({px:.0f} px high, need {min_px}); results unreliable; "
        "photograph closer or scan at 200 dpi or more",
    ),
    "ocr_blurry": (
        "图像模糊（清晰度 {sharpness:.2f}），识别结果不可靠；请对焦后重新拍摄",
        "image is blurred (sharpness {sharpness:.2f}); results unreliable; refocus and retake",
    ),
    "ocr_low_confidence": (
        "{count} 处文字识别置信度低于 {threshold:.2f}，请人工核对：{boxes}",
        "{count} text boxes read with confidence below {threshold:.2f}; check by hand",
    ),
    "ocr_blank_page": (
        "空白页：没有找到任何文字",
        "blank page: no text found",
    ),
    "ocr_no_table_text": (
        "没有找到表格文字（只识别到 {count} 处文字、{numbers} 处数字），"
        "这可能不是缴费明细或工资条",
        "no table text found ({count} text boxes, {numbers} with numbers); this may not be a "
        "statement or pay slip",
    ),
    "ocr_slanted_text_dropped": (
        "忽略了 {count} 处斜向文字（水印或印章）",
        "ignored {count} slanted text boxes (watermark or stamp)",
    ),
    "ocr_int8_unavailable": (
        "未能使用加速的文字检测模型（{reason}），已改用标准模型：识别结果不受影响，但速度约慢"
        "一半；设置 SHEBAO_OCR_INT8=0 可不再尝试",
        "the int8 text detector could not be had ({reason}); the float model was used: same "
        "results, about half the speed; set SHEBAO_OCR_INT8=0 to stop trying",
    ),
    "ocr_upscaled": (
        "图像分辨率低（{width}×{height} 像素），已放大后识别",
        "low-resolution image ({width}×{height} px); enlarged before reading",
    ),
}


def note(code: str, **fields: object) -> tuple[str, str]:
    """The ``(code, message)`` pair for ``code``, formatted with ``fields``."""
    zh, en = NOTES[code]
    return code, f"{zh.format(**fields)}（{en.format(**fields)}）"


def split(message: str) -> tuple[str, str]:
    """A note's message back into its Chinese and English parts (the English is the last
    full-width parenthesis; the Chinese may hold full-width parentheses of its own)."""
    zh, _, en = message.rpartition("（")
    return (zh, en.removesuffix("）")) if zh else (message, message)
