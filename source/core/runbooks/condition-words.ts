// "If" and "or" in the other languages runbooks are written in, for comments that mark an alternative
// or a condition: `# Nếu pod bị treo, xóa nó`, `# 디스크가 가득 찬 경우`, `# 必要に応じて再起動`. English and
// the "or" words already known are in alternatives.ts; these are the words a comment starts with, and
// the ones that say "in case" or "if needed" wherever they stand (Korean and Japanese put them last).

/** A comment starting with "if" (Chinese and Japanese need no space after it) in Vietnamese, Spanish, French, German, Russian, Chinese, Japanese, Korean (not "se": reflexive in French and Spanish, "Se connecter"). */
export const ifElsewhere = /^(?:(?:nếu|si|wenn|falls|если|만약)(?=[\s,:.，、]|$)|如果|若(?!干)|もし)/iu;

/** A comment starting with "or" / "otherwise" in those languages. */
export const orElsewhere =
	/^(?:(?:hoặc|ou|oppure|иначе|또는|혹은)(?=[\s,:.，、]|$)|否则|或(?!许)|または|あるいは|もしくは)/iu;

/** "In case", "if needed", "when necessary" anywhere in the comment. */
export const conditionAnywhereElsewhere =
	/(?:場合|必要に応じて|必要なら|경우|필요\s?시|필요하면|nếu cần|khi cần|si es necesario|si nécessaire|se necessário|se necessario|falls nötig|bei bedarf|при необходимости|в случае|如有必要|必要时|必要時)/iu;
