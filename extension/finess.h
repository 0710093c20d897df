/*
 * finess.h — validation of FINESS numbers (French health establishment ids).
 *
 * PostgreSQL-free: the algorithm is unit-tested outside the server and
 * wrapped for SQL by finess_sql.c.
 */
#ifndef CARE_FINESS_H
#define CARE_FINESS_H

#include <stddef.h>

#define FINESS_LENGTH 9

typedef enum FinessProblem
{
	FINESS_VALID = 0,
	FINESS_BAD_LENGTH,			/* not exactly 9 characters */
	FINESS_BAD_CHARACTER,		/* a byte that cannot stand at its position */
	FINESS_BAD_DEPARTMENT,		/* well-formed prefix that names no département */
	FINESS_BAD_CHECK_DIGIT		/* Luhn check fails */
} FinessProblem;

/* What is wrong with a FINESS number, precisely enough for an error detail. */
typedef struct FinessDiagnosis
{
	FinessProblem problem;
	size_t		length;			/* bytes in the input */
	int			position;		/* 1-based position of the bad character */
	size_t		byte_offset;	/* where the bad character starts */
	size_t		byte_length;	/* its length in bytes (UTF-8) */
	char		character;		/* its first byte */
	int			expected_check; /* the check digit the Luhn sum asks for */
} FinessDiagnosis;

extern FinessProblem finess_validate(const char *text, size_t length,
									 FinessDiagnosis *diagnosis);
extern int	finess_check_digit(const char *first8);

#endif
