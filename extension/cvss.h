/*
 * cvss.h — CVSS vectors: parsing with precise diagnoses, and exact scores
 * for CVSS 2.0, 3.0, 3.1 and 4.0.
 *
 * PostgreSQL-free: the algorithms are unit-tested outside the server over
 * the official oracles, and wrapped for SQL by cvss_sql.c.  Scores are kept
 * in tenths (an int from 0 to 100), so that no caller ever formats or
 * compares a floating-point score.
 */
#ifndef CARE_CVSS_H
#define CARE_CVSS_H

#include <stddef.h>

/* The most metrics a version defines (CVSS 4.0 has 32). */
#define CVSS_MAX_METRICS 32

typedef enum CvssVersion
{
	CVSS_V2 = 0,				/* CVSS 2.0: no prefix, or "CVSS2#" */
	CVSS_V30,					/* "CVSS:3.0/" */
	CVSS_V31,					/* "CVSS:3.1/" */
	CVSS_V40					/* "CVSS:4.0/" */
} CvssVersion;

/* Qualitative rating, in the order of the care.severity enum labels. */
typedef enum CvssSeverity
{
	CVSS_SEVERITY_NONE = 0,
	CVSS_SEVERITY_LOW,
	CVSS_SEVERITY_MEDIUM,
	CVSS_SEVERITY_HIGH,
	CVSS_SEVERITY_CRITICAL
} CvssSeverity;

typedef enum CvssProblem
{
	CVSS_VALID = 0,
	CVSS_EMPTY,					/* no byte at all */
	CVSS_BAD_CHARACTER,			/* a byte outside printable ASCII (NUL, space,
								 * control, non-ASCII) */
	CVSS_BAD_PREFIX,			/* "CVSS:" with an unsupported version, or a
								 * prefix in the wrong case */
	CVSS_MISSING_PREFIX,		/* no prefix, and a metric CVSS 2.0 lacks but
								 * 3.x or 4.0 has */
	CVSS_EMPTY_METRIC,			/* a "/" where a metric was expected */
	CVSS_TRAILING_SLASH,		/* the vector ends with "/" */
	CVSS_MALFORMED_METRIC,		/* a component that is not NAME:VALUE */
	CVSS_UNKNOWN_METRIC,		/* a name the version does not define */
	CVSS_DUPLICATE_METRIC,		/* a metric given twice */
	CVSS_BAD_VALUE,				/* a value the metric does not allow */
	CVSS_MISSING_METRIC			/* mandatory (base) metrics absent */
} CvssProblem;

/*
 * What is wrong with a vector, precisely enough for an error detail.  All
 * offsets are 0-based byte offsets into the text given to cvss_parse().
 */
typedef struct CvssDiagnosis
{
	CvssProblem problem;
	CvssVersion version;		/* the version the vector was read as */
	size_t		offset;			/* where the problem starts */
	size_t		length;			/* bytes of the faulty part (prefix, version,
								 * component) */
	size_t		name_offset;	/* the metric name as written */
	size_t		name_length;
	size_t		value_offset;	/* the value as written */
	size_t		value_length;
	size_t		first_offset;	/* CVSS_DUPLICATE_METRIC: the first one */
	int			metric;			/* index of the metric in its version, or -1 */
	unsigned long missing;		/* CVSS_MISSING_METRIC: bit i = metric i */
	int			case_hint;		/* the same letters in another case would do */
} CvssDiagnosis;

/* A parsed vector: for each metric of its version, the index of its value. */
typedef struct CvssVector
{
	CvssVersion version;
	signed char value[CVSS_MAX_METRICS];	/* -1 when absent (Not Defined) */
} CvssVector;

/*
 * Scores of a vector, in tenths.  For 2.0 and 3.x they are the calculator's
 * base, temporal and environmental scores.  For 4.0, base is CVSS-B (the
 * vector scored with threat and environmental metrics not defined),
 * temporal is CVSS-BT (environmental metrics not defined), environmental is
 * CVSS-BTE.  score is the environmental score when the vector defines an
 * environmental metric (a value other than X/ND), else the temporal score
 * when it defines a temporal (threat) metric, else the base score.
 */
typedef struct CvssScores
{
	CvssVersion version;
	int			base;
	int			temporal;
	int			environmental;
	int			score;
	CvssSeverity base_severity;
	CvssSeverity temporal_severity;
	CvssSeverity environmental_severity;
	CvssSeverity severity;
	int			has_temporal;	/* a temporal (threat) metric is defined */
	int			has_environmental;	/* an environmental metric is defined */
	const char *nomenclature;	/* 4.0: "CVSS-B", "CVSS-BT", "CVSS-BE" or
								 * "CVSS-BTE"; NULL otherwise */
} CvssScores;

extern CvssProblem cvss_parse(const char *text, size_t length,
							  CvssVector *vector, CvssDiagnosis *diagnosis);
extern void cvss_score(const CvssVector *vector, CvssScores *scores);
extern CvssProblem cvss_evaluate(const char *text, size_t length,
								 CvssScores *scores, CvssDiagnosis *diagnosis);

extern CvssSeverity cvss_rating(int tenths);
extern CvssSeverity cvss_severity_of(CvssVersion version, int tenths);
extern const char *cvss_severity_name(CvssSeverity severity);

extern const char *cvss_version_name(CvssVersion version);
extern int	cvss_metric_count(CvssVersion version);
extern const char *cvss_metric_name(CvssVersion version, int metric);
extern size_t cvss_allowed_values(CvssVersion version, int metric,
								  char *buffer, size_t size);

#endif
