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

/* Length of the UTF-8 sequence starting with byte c (1 for a stray byte). */
static size_t
utf8_sequence_length(unsigned char c)
{
	if (c >= 0xF0 && c < 0xF8)
		return 4;
	if (c >= 0xE0)
		return c < 0xF0 ? 3 : 1;
	if (c >= 0xC0)
		return 2;
	return 1;
}

/*
 * The first character of text that is not ASCII, as a 1-based character
 * position (UTF-8 assumed, as care databases are), or 0 when all are ASCII.
 * A FINESS number is ASCII: a non-ASCII character is the thing to name,
 * whatever the byte length says.
 */
static int
first_non_ascii(const char *text, size_t length, FinessDiagnosis *d)
{
	size_t		i = 0;
	int			position = 1;

	while (i < length)
	{
		size_t		n = utf8_sequence_length((unsigned char) text[i]);

		if ((unsigned char) text[i] >= 0x80)
		{
			d->byte_offset = i;
			d->byte_length = i + n <= length ? n : length - i;
			d->character = text[i];
			return position;
		}
		i += n;
		position++;
	}
	return 0;
}

/*
 * Validate text[0..length) as a FINESS number.  Fills *diagnosis (when not
 * NULL) with what is wrong and where, so callers can say it in one sentence.
 */
FinessProblem
finess_validate(const char *text, size_t length, FinessDiagnosis *diagnosis)
{
	FinessDiagnosis d = {FINESS_VALID, length, 0, 0, 0, 0, 0};
	int			i;

	if ((d.position = first_non_ascii(text, length, &d)) != 0)
		d.problem = FINESS_BAD_CHARACTER;
	else if (length != FINESS_LENGTH)
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
				d.byte_offset = (size_t) i;
				d.byte_length = 1;
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
