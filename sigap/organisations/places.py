"""Street and kelurahan names of Kota Pasuruan, the demo jurisdiction.

Both the demo data and the suggestion model's test corpus write complaints that name these places;
they live here, with the jurisdictions, so neither has to import the other.
"""

from __future__ import annotations

STREETS = [
    "Jl. Panglima Sudirman", "Jl. Soekarno-Hatta", "Jl. Hayam Wuruk", "Jl. Pahlawan", "Jl. Veteran",
    "Jl. Gatot Subroto", "Jl. Sultan Agung", "Jl. Dr. Wahidin", "Jl. Balaikota", "Jl. Kartini",
    "Jl. Diponegoro", "Jl. Ir. H. Juanda", "Jl. Urip Sumoharjo", "Jl. KH. Mansyur", "Jl. Untung Suropati",
]  # fmt: skip
KELURAHAN = [
    "Bugul Lor", "Bugul Kidul", "Tapaan", "Blandongan", "Kepel", "Krapyakrejo", "Pekuncen", "Kebonagung",
    "Karanganyar", "Gadingrejo", "Petahunan", "Randusari", "Karangketug", "Sebani", "Bangilan", "Trajeng",
    "Mayangan", "Panggungrejo", "Karangsari", "Purworejo",
]  # fmt: skip
