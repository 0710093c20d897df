/*
 * check_util.h — helpers shared by the Check unit tests.
 *
 * Tests read real fixtures from ../shared (CARE_SHARED overrides the path);
 * when it is absent they say so and skip instead of failing.
 */
#ifndef CARE_CHECK_UTIL_H
#define CARE_CHECK_UTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Path of a file under the shared fixtures folder, or NULL when absent. */
static inline const char *
shared_path(const char *relative)
{
	static char path[4096];
	const char *root = getenv("CARE_SHARED");
	FILE	   *f;

	if (root == NULL || root[0] == '\0')
		root = "../shared";
	snprintf(path, sizeof path, "%s/%s", root, relative);
	f = fopen(path, "r");
	if (f == NULL)
	{
		fprintf(stderr, "skipped: %s is absent\n", path);
		return NULL;
	}
	fclose(f);
	return path;
}

/* Run one suite and return a process exit status (0 when all passed). */
static inline int
run_suite(Suite *suite)
{
	SRunner    *runner = srunner_create(suite);
	int			failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
