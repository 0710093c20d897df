/*
 * finess_sql.c — SQL face of FINESS validation (see finess.c).
 *
 * care.finess_check(text) backs the CHECK of the care.finess domain and
 * raises an error that names the value and says what is wrong;
 * care.finess_problem(text) says the same without raising, for bulk checks.
 */
#include "postgres.h"

#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "finess.h"

PG_FUNCTION_INFO_V1(care_finess_check);
PG_FUNCTION_INFO_V1(care_finess_problem);

/* Longest prefix of a rejected value quoted back in an error message. */
#define FINESS_QUOTE_MAX 32

/* The value as it can be quoted in a message: clipped, valid UTF-8 only. */
static char *
finess_quotable(const char *text, size_t length)
{
	size_t		n = length;

	if (n > FINESS_QUOTE_MAX)
		n = pg_mbcliplen(text, (int) length, FINESS_QUOTE_MAX);
	return psprintf("%.*s%s", (int) n, text, n < length ? "..." : "");
}

/* One sentence saying what is wrong with the value, for errdetail. */
static char *
finess_problem_sentence(const char *text, const FinessDiagnosis *d)
{
	switch (d->problem)
	{
		case FINESS_VALID:
			return NULL;
		case FINESS_BAD_LENGTH:
			return psprintf("A FINESS number has 9 characters; this one has %d.",
							pg_mbstrlen_with_len(text, (int) d->length));
		case FINESS_BAD_CHARACTER:
			if ((unsigned char) d->character < 0x20 || d->character == 0x7f)
				return psprintf("Character %d is the control byte 0x%02x; it must be a digit.",
								d->position, (unsigned char) d->character);
			return psprintf("Character %d is \"%.*s\"; it must be a digit%s.",
							d->position, (int) d->byte_length, text + d->byte_offset,
							d->position == 2 ? ", or A or B after 2 for Corsica" : "");
		case FINESS_BAD_DEPARTMENT:
			return pstrdup("The first two characters name no département (01 to 95 except 20, 2A, 2B, 97 or 98).");
		case FINESS_BAD_CHECK_DIGIT:
			return psprintf("The check digit (9th character) should be %d by the Luhn algorithm.",
							d->expected_check);
	}
	return NULL;				/* keep compilers quiet */
}

/* Raise invalid_text_representation for an invalid FINESS number; true otherwise. */
Datum
care_finess_check(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(value);
	size_t		len = VARSIZE_ANY_EXHDR(value);
	FinessDiagnosis d;

	if (finess_validate(s, len, &d) != FINESS_VALID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid FINESS number \"%s\"", finess_quotable(s, len)),
				 errdetail_internal("%s", finess_problem_sentence(s, &d)),
				 d.problem == FINESS_BAD_CHARACTER && d.position == 2 &&
				 (d.character == 'a' || d.character == 'b') ?
				 errhint("Corsican numbers are written with an upper-case letter: 2A or 2B.") : 0));
	PG_RETURN_BOOL(true);
}

/* What is wrong with a FINESS number, or NULL when it is valid. */
Datum
care_finess_problem(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(value);
	FinessDiagnosis d;

	if (finess_validate(s, VARSIZE_ANY_EXHDR(value), &d) == FINESS_VALID)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(finess_problem_sentence(s, &d)));
}

/*
 * care.finess_check_digit(first8 text) → text: the digit that makes the
 * first eight characters a valid FINESS number, for building test data and
 * for telling a user which digit a number should end with.
 */
PG_FUNCTION_INFO_V1(care_finess_check_digit);

Datum
care_finess_check_digit(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(value);
	size_t		len = VARSIZE_ANY_EXHDR(value);
	int			chars = pg_mbstrlen_with_len(s, (int) len);
	char	   *candidate;
	char		digit[2];
	FinessDiagnosis d;

	if (chars != FINESS_LENGTH - 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a FINESS number without its check digit has 8 characters, not %d", chars)));
	/* check the eight characters by checking them with any last digit */
	candidate = palloc(len + 1);
	memcpy(candidate, s, len);
	candidate[len] = '0';
	if (finess_validate(candidate, len + 1, &d) != FINESS_VALID &&
		d.problem != FINESS_BAD_CHECK_DIGIT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid start of a FINESS number \"%s\"", finess_quotable(s, len)),
				 errdetail_internal("%s", finess_problem_sentence(candidate, &d))));
	digit[0] = (char) ('0' + finess_check_digit(candidate));
	digit[1] = '\0';
	PG_RETURN_TEXT_P(cstring_to_text(digit));
}
