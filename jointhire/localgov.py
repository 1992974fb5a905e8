"""Japanese local-government facts: 全国地方公共団体コード and the prefectures. Pure functions."""

from __future__ import annotations

PREFECTURES = (
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 "
    "新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 "
    "奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 "
    "熊本県 大分県 宮崎県 鹿児島県 沖縄県"
).split()
"""Index + 1 is the prefecture's two-digit code (JIS X 0401)."""


def check_digit(first_five: str) -> int:
    """The sixth digit of a 全国地方公共団体コード: weights 6,5,4,3,2, then (11 − Σ mod 11) mod 10."""
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def prefecture_of(code: str) -> str | None:
    """The prefecture a code's first two digits name, or None if they name none."""
    number = int(code[:2])
    return PREFECTURES[number - 1] if 1 <= number <= len(PREFECTURES) else None
