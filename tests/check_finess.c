/*
 * check_finess.c — unit tests of the FINESS algorithm (extension/finess.c).
 */
#include "check_util.h"

#include "finess.h"

/* Validate a NUL-terminated string; the diagnosis goes to *d. */
static FinessProblem
validate(const char *s, FinessDiagnosis *d)
{
	return finess_validate(s, strlen(s), d);
}

START_TEST(valid_numbers_from_the_domain_notes)
{
	const char *valid[] = {"010780914", "750712184", "2A0000154", "2B0000038",
	"240000059", "970100012"};
	size_t		i;

	for (i = 0; i < sizeof valid / sizeof valid[0]; i++)
		ck_assert_msg(validate(valid[i], NULL) == FINESS_VALID, "%s", valid[i]);
}
END_TEST

START_TEST(wrong_check_digit_names_the_expected_one)
{
	FinessDiagnosis d;

	ck_assert_int_eq(validate("010780915", &d), FINESS_BAD_CHECK_DIGIT);
	ck_assert_int_eq(d.expected_check, 4);
	ck_assert_int_eq(validate("2A0000155", &d), FINESS_BAD_CHECK_DIGIT);
	ck_assert_int_eq(d.expected_check, 4);
}
END_TEST

START_TEST(corsica_maps_2a_to_21_and_2b_to_22)
{
	/* 2A0000154 is valid because 210000154 passes Luhn */
	ck_assert_int_eq(finess_check_digit("2A000015"), finess_check_digit("21000015"));
	ck_assert_int_eq(finess_check_digit("2B000003"), finess_check_digit("22000003"));
	ck_assert_int_eq(validate("2B0000038", NULL), FINESS_VALID);
	/* the letters stand only after a 2, in upper case */
	ck_assert_int_eq(validate("3A0000154", NULL), FINESS_BAD_CHARACTER);
	ck_assert_int_eq(validate("2a0000154", NULL), FINESS_BAD_CHARACTER);
	ck_assert_int_eq(validate("2C0000154", NULL), FINESS_BAD_CHARACTER);
}
END_TEST

START_TEST(length_is_exactly_nine)
{
	FinessDiagnosis d;

	ck_assert_int_eq(validate("01078091", &d), FINESS_BAD_LENGTH);
	ck_assert_uint_eq(d.length, 8);
	ck_assert_int_eq(validate("0107809140", &d), FINESS_BAD_LENGTH);
	ck_assert_int_eq(validate("", &d), FINESS_BAD_LENGTH);
	ck_assert_int_eq(finess_validate("010780914", 9, NULL), FINESS_VALID);
	/* a NUL inside counts as a character, not as the end */
	ck_assert_int_eq(finess_validate("0107\0809145", 9, &d), FINESS_BAD_CHARACTER);
	ck_assert_int_eq(d.position, 5);
}
END_TEST

START_TEST(bad_character_gives_its_position)
{
	FinessDiagnosis d;

	ck_assert_int_eq(validate("01078O914", &d), FINESS_BAD_CHARACTER);
	ck_assert_int_eq(d.position, 6);
	ck_assert_int_eq(d.character, 'O');
	ck_assert_int_eq(validate(" 10780914", &d), FINESS_BAD_CHARACTER);
	ck_assert_int_eq(d.position, 1);
	/* a non-ASCII character is named as one character, whatever its bytes */
	ck_assert_int_eq(validate("01\xc3\xa9" "780914", &d), FINESS_BAD_CHARACTER);
	ck_assert_int_eq(d.position, 3);
	ck_assert_uint_eq(d.byte_offset, 2);
	ck_assert_uint_eq(d.byte_length, 2);
	/* a truncated sequence at the end stays within the input */
	ck_assert_int_eq(finess_validate("01078091\xe2", 9, &d), FINESS_BAD_CHARACTER);
	ck_assert_int_eq(d.position, 9);
	ck_assert_uint_eq(d.byte_length, 1);
}
END_TEST

START_TEST(departments_that_do_not_exist)
{
	char		s[10];

	/* give each prefix its right check digit so only the prefix is wrong */
	memcpy(s, "00078091", 8);
	s[8] = (char) ('0' + finess_check_digit(s));
	s[9] = '\0';
	ck_assert_int_eq(validate(s, NULL), FINESS_BAD_DEPARTMENT);
	memcpy(s, "20078091", 8);
	s[8] = (char) ('0' + finess_check_digit(s));
	ck_assert_int_eq(validate(s, NULL), FINESS_BAD_DEPARTMENT);
	memcpy(s, "99078091", 8);
	s[8] = (char) ('0' + finess_check_digit(s));
	ck_assert_int_eq(validate(s, NULL), FINESS_BAD_DEPARTMENT);
	memcpy(s, "98078091", 8);
	s[8] = (char) ('0' + finess_check_digit(s));
	ck_assert_int_eq(validate(s, NULL), FINESS_VALID);
}
END_TEST

START_TEST(every_real_number_in_the_examples_file)
{
	const char *path = shared_path("data/finess_examples.csv");
	FILE	   *f;
	char		line[2048];
	char		seen[200][FINESS_LENGTH + 1];
	int			rows = 0;
	int			distinct = 0;

	if (path == NULL)
		return;
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(fgets(line, sizeof line, f));	/* header */
	while (fgets(line, sizeof line, f))
	{
		char	   *comma = strchr(line, ',');

		ck_assert_ptr_nonnull(comma);
		int			i;

		ck_assert_ptr_nonnull(comma);
		ck_assert_msg(finess_validate(line, (size_t) (comma - line), NULL) == FINESS_VALID,
					  "%.*s", (int) (comma - line), line);
		rows++;
		/* some numbers stand twice (as EJ and as ET): count them once */
		for (i = 0; i < distinct && strncmp(seen[i], line, FINESS_LENGTH) != 0; i++)
			;
		if (i == distinct && distinct < 200)
			snprintf(seen[distinct++], sizeof seen[0], "%.*s", FINESS_LENGTH, line);
	}
	fclose(f);
	ck_assert_int_eq(rows, 133);
	ck_assert_int_eq(distinct, 129);
}
END_TEST

/* The FINESS suite. */
static Suite *
finess_suite(void)
{
	Suite	   *s = suite_create("finess");
	TCase	   *tc = tcase_create("algorithm");

	tcase_add_test(tc, valid_numbers_from_the_domain_notes);
	tcase_add_test(tc, wrong_check_digit_names_the_expected_one);
	tcase_add_test(tc, corsica_maps_2a_to_21_and_2b_to_22);
	tcase_add_test(tc, length_is_exactly_nine);
	tcase_add_test(tc, bad_character_gives_its_position);
	tcase_add_test(tc, departments_that_do_not_exist);
	tcase_add_test(tc, every_real_number_in_the_examples_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(finess_suite());
}
