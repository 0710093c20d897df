/*
 * finess.c — FINESS number validation.
 *
 * A FINESS number has 9 characters: a two-character département (01..95,
 * 2A, 2B, or 97/98 for overseas), six digits, and a Luhn check digit
 * computed over the nine characters with 2A read as 21 and 2B as 22.
 * No PostgreSQL header: see finess_sql.c for the SQL face.
 */
#include "finess.h"

/* Digit value of the character at index i once Corsica's 2A/2B are mapped. */
static int
finess_digit(const char *s, int i)
{
	if (i == 1 && s[0] == '2' && (s[1] == 'A' || s[1] == 'B'))
		return s[1] == 'A' ? 1 : 2;
	return s[i] - '0';
}

/*
 * The Luhn check digit for the first 8 characters: the 9th character must
 * equal it.  Doubling starts from the rightmost of the 8, as Luhn asks when
 * the check digit is appended on the right.
 */
int
finess_check_digit(const char *first8)
{
	int			sum = 0;
	int			i;

	for (i = 7; i >= 0; i--)
	{
		int			d = finess_digit(first8, i);

		if ((7 - i) % 2 == 0)
		{
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return (10 - sum % 10) % 10;
}

/* True when the two-character prefix names a département FINESS uses. */
static int
finess_department_exists(const char *s)
{
	int			n;

	if (s[0] == '2' && (s[1] == 'A' || s[1] == 'B'))
		return 1;
	n = (s[0] - '0') * 10 + (s[1] - '0');
	/* 20 was split into 2A/2B in 1976; 00, 96 and 99 name no département */
	return n >= 1 && n <= 98 && n != 20 && n != 96;
}

/*
 * Validate text[0..length) as a FINESS number.  Fills *diagnosis (when not
 * NULL) with what is wrong and where, so callers can say it in one sentence.
 */
FinessProblem
finess_validate(const char *text, size_t length, FinessDiagnosis *diagnosis)
{
	FinessDiagnosis d = {FINESS_VALID, length, 0, 0, 0};
	int			i;

	if (length != FINESS_LENGTH)
		d.problem = FINESS_BAD_LENGTH;
	else
	{
		for (i = 0; i < FINESS_LENGTH; i++)
		{
			char		c = text[i];
			int			ok = (c >= '0' && c <= '9') ||
				(i == 1 && text[0] == '2' && (c == 'A' || c == 'B'));

			if (!ok)
			{
				d.problem = FINESS_BAD_CHARACTER;
				d.position = i + 1;
				d.character = c;
				break;
			}
		}
		if (d.problem == FINESS_VALID && !finess_department_exists(text))
			d.problem = FINESS_BAD_DEPARTMENT;
		if (d.problem == FINESS_VALID)
		{
			d.expected_check = finess_check_digit(text);
			if (text[8] - '0' != d.expected_check)
				d.problem = FINESS_BAD_CHECK_DIGIT;
		}
	}
	if (diagnosis)
		*diagnosis = d;
	return d.problem;
}
