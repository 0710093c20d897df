/*
 * cvss.c — CVSS vector parsing and scoring (2.0, 3.0, 3.1, 4.0).
 *
 * Written from the FIRST specifications:
 *   CVSS v2 Complete Documentation, section 3.2 (equations);
 *   CVSS v3.0 and v3.1 Specification Documents, sections 6 (vector string)
 *     and 7 (equations), and v3.1 Appendix A (Roundup);
 *   CVSS v4.0 Specification Document, sections 7 (vector string) and 8
 *     (scoring: MacroVectors, interpolation by severity distance).
 * The numbers of the tables (metric weights, CVSS 4.0 MacroVector scores,
 * highest-severity vectors and depths) are data of those standards.
 *
 * Exactness.  CVSS 3.x scores are what FIRST's calculators give: the
 * equations are evaluated in IEEE double precision in the calculators'
 * order, then rounded with the version's Roundup (3.1: Appendix A, on an
 * integer count of 1e-5; 3.0: ceiling of ten times the value).  CVSS 4.0
 * needs no floating point at all: MacroVector scores are tenths, severity
 * distances are whole steps, and the interpolated score is a fraction of
 * integers rounded half up once.  No PostgreSQL header: see cvss_sql.c.
 */
#include "cvss.h"

#include <math.h>
#include <string.h>

/*
 * The 3.x equations must round as the calculators do, one operation at a
 * time: no fused multiply-add.  Clang contracts a*b+c by default, also in
 * the LLVM bitcode that PostgreSQL's JIT may inline for the host CPU; GCC
 * does not know this pragma and gets -ffp-contract=off from the Makefile.
 */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

/* Metric groups; a base metric is mandatory. */
typedef enum MetricGroup
{
	GROUP_BASE,
	GROUP_TEMPORAL,				/* 2.0 and 3.x temporal, 4.0 threat */
	GROUP_ENVIRONMENTAL,
	GROUP_SUPPLEMENTAL			/* 4.0: accepted, never scored */
} MetricGroup;

typedef struct MetricDef
{
	const char *name;
	MetricGroup group;
	const char *const *values;	/* in the specification's order, NULL-ended */
} MetricDef;

typedef struct VersionDef
{
	const char *name;
	const MetricDef *metrics;
	int			nmetrics;
	const char *undefined;		/* the Not Defined value: "X", or "ND" in 2.0 */
} VersionDef;

/* ---------------------------------------------------------------------------
 * Metric tables.  The order of each table fixes the metric indices used by
 * the scoring code (the enums below) and the order of "allows ..." lists.
 */

static const char *const v_nalp[] = {"N", "A", "L", "P", NULL};
static const char *const v_lh[] = {"L", "H", NULL};
static const char *const v_nlh[] = {"N", "L", "H", NULL};
static const char *const v_hln[] = {"H", "L", "N", NULL};
static const char *const v_xhml[] = {"X", "H", "M", "L", NULL};
static const char *const v_xnalp[] = {"X", "N", "A", "L", "P", NULL};
static const char *const v_xlh[] = {"X", "L", "H", NULL};
static const char *const v_xnlh[] = {"X", "N", "L", "H", NULL};

/* CVSS 3.0 and 3.1 (Table 15 of 3.1, Table 12 of 3.0: the same metrics) */
static const char *const v3_ui[] = {"N", "R", NULL};
static const char *const v3_s[] = {"U", "C", NULL};
static const char *const v3_e[] = {"X", "H", "F", "P", "U", NULL};
static const char *const v3_rl[] = {"X", "U", "W", "T", "O", NULL};
static const char *const v3_rc[] = {"X", "C", "R", "U", NULL};
static const char *const v3_mui[] = {"X", "N", "R", NULL};
static const char *const v3_ms[] = {"X", "U", "C", NULL};

enum
{
	V3_AV, V3_AC, V3_PR, V3_UI, V3_S, V3_C, V3_I, V3_A,
	V3_E, V3_RL, V3_RC,
	V3_CR, V3_IR, V3_AR, V3_MAV, V3_MAC, V3_MPR, V3_MUI, V3_MS,
	V3_MC, V3_MI, V3_MA,
	V3_NMETRICS
};

static const MetricDef v3_metrics[V3_NMETRICS] = {
	{"AV", GROUP_BASE, v_nalp},
	{"AC", GROUP_BASE, v_lh},
	{"PR", GROUP_BASE, v_nlh},
	{"UI", GROUP_BASE, v3_ui},
	{"S", GROUP_BASE, v3_s},
	{"C", GROUP_BASE, v_hln},
	{"I", GROUP_BASE, v_hln},
	{"A", GROUP_BASE, v_hln},
	{"E", GROUP_TEMPORAL, v3_e},
	{"RL", GROUP_TEMPORAL, v3_rl},
	{"RC", GROUP_TEMPORAL, v3_rc},
	{"CR", GROUP_ENVIRONMENTAL, v_xhml},
	{"IR", GROUP_ENVIRONMENTAL, v_xhml},
	{"AR", GROUP_ENVIRONMENTAL, v_xhml},
	{"MAV", GROUP_ENVIRONMENTAL, v_xnalp},
	{"MAC", GROUP_ENVIRONMENTAL, v_xlh},
	{"MPR", GROUP_ENVIRONMENTAL, v_xnlh},
	{"MUI", GROUP_ENVIRONMENTAL, v3_mui},
	{"MS", GROUP_ENVIRONMENTAL, v3_ms},
	{"MC", GROUP_ENVIRONMENTAL, v_xnlh},
	{"MI", GROUP_ENVIRONMENTAL, v_xnlh},
	{"MA", GROUP_ENVIRONMENTAL, v_xnlh},
};

/* CVSS 4.0 (Table 23 of the specification) */
static const char *const v4_at[] = {"N", "P", NULL};
static const char *const v4_ui[] = {"N", "P", "A", NULL};
static const char *const v4_e[] = {"X", "A", "P", "U", NULL};
static const char *const v4_mat[] = {"X", "N", "P", NULL};
static const char *const v4_mui[] = {"X", "N", "P", "A", NULL};
static const char *const v4_mhln[] = {"X", "H", "L", "N", NULL};
static const char *const v4_mshln[] = {"X", "S", "H", "L", "N", NULL};
static const char *const v4_s[] = {"X", "N", "P", NULL};
static const char *const v4_au[] = {"X", "N", "Y", NULL};
static const char *const v4_r[] = {"X", "A", "U", "I", NULL};
static const char *const v4_v[] = {"X", "D", "C", NULL};
static const char *const v4_re[] = {"X", "L", "M", "H", NULL};
static const char *const v4_u[] = {"X", "Clear", "Green", "Amber", "Red", NULL};

enum
{
	V4_AV, V4_AC, V4_AT, V4_PR, V4_UI, V4_VC, V4_VI, V4_VA, V4_SC, V4_SI, V4_SA,
	V4_E,
	V4_CR, V4_IR, V4_AR, V4_MAV, V4_MAC, V4_MAT, V4_MPR, V4_MUI,
	V4_MVC, V4_MVI, V4_MVA, V4_MSC, V4_MSI, V4_MSA,
	V4_S, V4_AU, V4_R, V4_V, V4_RE, V4_U,
	V4_NMETRICS
};

static const MetricDef v4_metrics[V4_NMETRICS] = {
	{"AV", GROUP_BASE, v_nalp},
	{"AC", GROUP_BASE, v_lh},
	{"AT", GROUP_BASE, v4_at},
	{"PR", GROUP_BASE, v_nlh},
	{"UI", GROUP_BASE, v4_ui},
	{"VC", GROUP_BASE, v_hln},
	{"VI", GROUP_BASE, v_hln},
	{"VA", GROUP_BASE, v_hln},
	{"SC", GROUP_BASE, v_hln},
	{"SI", GROUP_BASE, v_hln},
	{"SA", GROUP_BASE, v_hln},
	{"E", GROUP_TEMPORAL, v4_e},
	{"CR", GROUP_ENVIRONMENTAL, v_xhml},
	{"IR", GROUP_ENVIRONMENTAL, v_xhml},
	{"AR", GROUP_ENVIRONMENTAL, v_xhml},
	{"MAV", GROUP_ENVIRONMENTAL, v_xnalp},
	{"MAC", GROUP_ENVIRONMENTAL, v_xlh},
	{"MAT", GROUP_ENVIRONMENTAL, v4_mat},
	{"MPR", GROUP_ENVIRONMENTAL, v_xnlh},
	{"MUI", GROUP_ENVIRONMENTAL, v4_mui},
	{"MVC", GROUP_ENVIRONMENTAL, v4_mhln},
	{"MVI", GROUP_ENVIRONMENTAL, v4_mhln},
	{"MVA", GROUP_ENVIRONMENTAL, v4_mhln},
	{"MSC", GROUP_ENVIRONMENTAL, v4_mhln},
	{"MSI", GROUP_ENVIRONMENTAL, v4_mshln},
	{"MSA", GROUP_ENVIRONMENTAL, v4_mshln},
	{"S", GROUP_SUPPLEMENTAL, v4_s},
	{"AU", GROUP_SUPPLEMENTAL, v4_au},
	{"R", GROUP_SUPPLEMENTAL, v4_r},
	{"V", GROUP_SUPPLEMENTAL, v4_v},
	{"RE", GROUP_SUPPLEMENTAL, v4_re},
	{"U", GROUP_SUPPLEMENTAL, v4_u},
};

/* CVSS 2.0 (Complete Documentation, Tables 13 to 15) */
static const char *const v2_av[] = {"L", "A", "N", NULL};
static const char *const v2_ac[] = {"H", "M", "L", NULL};
static const char *const v2_au[] = {"M", "S", "N", NULL};
static const char *const v2_cia[] = {"N", "P", "C", NULL};
static const char *const v2_e[] = {"U", "POC", "F", "H", "ND", NULL};
static const char *const v2_rl[] = {"OF", "TF", "W", "U", "ND", NULL};
static const char *const v2_rc[] = {"UC", "UR", "C", "ND", NULL};
static const char *const v2_cdp[] = {"N", "L", "LM", "MH", "H", "ND", NULL};
static const char *const v2_td[] = {"N", "L", "M", "H", "ND", NULL};
static const char *const v2_req[] = {"L", "M", "H", "ND", NULL};

enum
{
	V2_AV, V2_AC, V2_AU, V2_C, V2_I, V2_A,
	V2_E, V2_RL, V2_RC,
	V2_CDP, V2_TD, V2_CR, V2_IR, V2_AR,
	V2_NMETRICS
};

static const MetricDef v2_metrics[V2_NMETRICS] = {
	{"AV", GROUP_BASE, v2_av},
	{"AC", GROUP_BASE, v2_ac},
	{"Au", GROUP_BASE, v2_au},
	{"C", GROUP_BASE, v2_cia},
	{"I", GROUP_BASE, v2_cia},
	{"A", GROUP_BASE, v2_cia},
	{"E", GROUP_TEMPORAL, v2_e},
	{"RL", GROUP_TEMPORAL, v2_rl},
	{"RC", GROUP_TEMPORAL, v2_rc},
	{"CDP", GROUP_ENVIRONMENTAL, v2_cdp},
	{"TD", GROUP_ENVIRONMENTAL, v2_td},
	{"CR", GROUP_ENVIRONMENTAL, v2_req},
	{"IR", GROUP_ENVIRONMENTAL, v2_req},
	{"AR", GROUP_ENVIRONMENTAL, v2_req},
};

/* Indexed by CvssVersion. */
static const VersionDef versions[] = {
	{"2.0", v2_metrics, V2_NMETRICS, "ND"},
	{"3.0", v3_metrics, V3_NMETRICS, "X"},
	{"3.1", v3_metrics, V3_NMETRICS, "X"},
	{"4.0", v4_metrics, V4_NMETRICS, "X"},
};

/* ---------------------------------------------------------------------------
 * Small helpers.
 */

/* True when s[0..n) equals the NUL-terminated word exactly. */
static int
same(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* ASCII-only lower-casing, independent of the locale. */
static char
ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

/* True when s[0..n) equals the word ignoring ASCII case. */
static int
same_ignoring_case(const char *s, size_t n, const char *word)
{
	size_t		i;

	if (strlen(word) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (ascii_lower(s[i]) != ascii_lower(word[i]))
			return 0;
	return 1;
}

/* True when text[0..length) begins with the word, ignoring case if asked. */
static int
begins_with(const char *text, size_t length, const char *word, int any_case)
{
	size_t		n = strlen(word);

	if (length < n)
		return 0;
	return any_case ? same_ignoring_case(text, n, word) : memcmp(text, word, n) == 0;
}

/* Index of the metric called s[0..n) in a version, or -1. */
static int
find_metric(const VersionDef *vd, const char *s, size_t n, int any_case)
{
	int			m;

	for (m = 0; m < vd->nmetrics; m++)
		if (any_case ? same_ignoring_case(s, n, vd->metrics[m].name)
			: same(s, n, vd->metrics[m].name))
			return m;
	return -1;
}

/* Index of the value s[0..n) among a metric's values, or -1. */
static int
find_value(const MetricDef *md, const char *s, size_t n, int any_case)
{
	int			i;

	for (i = 0; md->values[i] != NULL; i++)
		if (any_case ? same_ignoring_case(s, n, md->values[i])
			: same(s, n, md->values[i]))
			return i;
	return -1;
}

/* ---------------------------------------------------------------------------
 * Parsing.
 */

/*
 * Parse text[0..length) into *vector.  The reader is strict about what the
 * specifications define (prefix, case, names, values, no duplicates, every
 * base metric) and liberal about order: metrics may come in any order, as
 * CVSS 3.x requires of readers and as real CVSS 4.0 and 2.0 data needs.
 * The first problem from the left is reported; missing metrics last.
 */
CvssProblem
cvss_parse(const char *text, size_t length, CvssVector *vector,
		   CvssDiagnosis *diagnosis)
{
	CvssDiagnosis d;
	CvssVector	v;
	const VersionDef *vd;
	size_t		first_at[CVSS_MAX_METRICS];
	size_t		pos = 0;
	size_t		end = length;
	size_t		i;
	int			leading_component;
	int			m;

	memset(&d, 0, sizeof d);
	d.problem = CVSS_VALID;
	d.version = CVSS_V2;
	d.metric = -1;
	v.version = CVSS_V2;
	memset(v.value, -1, sizeof v.value);

	if (length == 0)
	{
		d.problem = CVSS_EMPTY;
		goto done;
	}

	/* only printable ASCII other than space can stand in a vector */
	for (i = 0; i < length; i++)
	{
		unsigned char c = (unsigned char) text[i];

		if (c <= 0x20 || c >= 0x7f)
		{
			d.problem = CVSS_BAD_CHARACTER;
			d.offset = i;
			d.length = 1;
			goto done;
		}
	}

	/* Nessus and others write "(AV:N/AC:L/...)": read what is inside */
	if (length >= 2 && text[0] == '(' && text[length - 1] == ')')
	{
		pos = 1;
		end = length - 1;
	}

	/* the prefix tells the version; a vector without one is CVSS 2.0 */
	if (begins_with(text + pos, end - pos, "CVSS", 1))
	{
		const char *p = text + pos;
		size_t		n = end - pos;
		size_t		slash = 0;

		while (slash < n && p[slash] != '/')
			slash++;
		if (begins_with(p, n, "CVSS2#", 0))
			slash = 6;
		else if (begins_with(p, n, "CVSS:", 0) && same(p + 5, slash - 5, "3.0"))
			v.version = CVSS_V30;
		else if (begins_with(p, n, "CVSS:", 0) && same(p + 5, slash - 5, "3.1"))
			v.version = CVSS_V31;
		else if (begins_with(p, n, "CVSS:", 0) && same(p + 5, slash - 5, "4.0"))
			v.version = CVSS_V40;
		else
		{
			int			cvss2 = begins_with(p, n, "CVSS2#", 1);

			d.problem = CVSS_BAD_PREFIX;
			d.offset = pos;
			d.length = cvss2 ? 6 : slash;
			d.case_hint = cvss2 ||
				same_ignoring_case(p, slash, "CVSS:3.0") ||
				same_ignoring_case(p, slash, "CVSS:3.1") ||
				same_ignoring_case(p, slash, "CVSS:4.0");
			goto done;
		}
		pos += slash;
	}
	d.version = v.version;
	vd = &versions[v.version];

	/*
	 * Components.  After a 3.x/4.0 prefix each one follows a "/"; a 2.0
	 * vector starts with its first component.
	 */
	leading_component = (v.version == CVSS_V2);
	for (;;)
	{
		size_t		start;
		size_t		stop;
		size_t		colon;
		int			value;

		if (leading_component)
		{
			leading_component = 0;
			start = pos;
			if (start == end)
				break;			/* "CVSS2#" or "()" alone: nothing given */
		}
		else
		{
			if (pos >= end)
				break;
			start = pos + 1;	/* text[pos] is a "/" */
		}
		stop = start;
		while (stop < end && text[stop] != '/')
			stop++;
		if (stop == start)
		{
			if (start == end)
			{
				d.problem = CVSS_TRAILING_SLASH;
				d.offset = start - 1;
			}
			else
			{
				d.problem = CVSS_EMPTY_METRIC;
				d.offset = start;
			}
			d.length = 1;
			goto done;
		}
		d.offset = start;
		d.length = stop - start;

		colon = start;
		while (colon < stop && text[colon] != ':')
			colon++;
		if (colon == start || colon >= stop - 1 ||
			memchr(text + colon + 1, ':', stop - colon - 1) != NULL)
		{
			d.problem = CVSS_MALFORMED_METRIC;
			goto done;
		}
		d.name_offset = start;
		d.name_length = colon - start;
		d.value_offset = colon + 1;
		d.value_length = stop - colon - 1;

		d.metric = -1;
		m = find_metric(vd, text + start, colon - start, 0);
		if (m < 0)
		{
			/* a metric of this version in the wrong case ("AU" for "Au") */
			d.case_hint = find_metric(vd, text + start, colon - start, 1) >= 0;
			if (v.version == CVSS_V2 && !d.case_hint &&
				(find_metric(&versions[CVSS_V31], text + start, colon - start, 0) >= 0 ||
				 find_metric(&versions[CVSS_V40], text + start, colon - start, 0) >= 0))
				d.problem = CVSS_MISSING_PREFIX;
			else
				d.problem = CVSS_UNKNOWN_METRIC;
			goto done;
		}
		d.metric = m;
		if (v.value[m] >= 0)
		{
			d.problem = CVSS_DUPLICATE_METRIC;
			d.first_offset = first_at[m];
			goto done;
		}
		value = find_value(&vd->metrics[m], text + colon + 1, stop - colon - 1, 0);
		if (value < 0)
		{
			d.problem = CVSS_BAD_VALUE;
			d.case_hint = find_value(&vd->metrics[m], text + colon + 1,
									 stop - colon - 1, 1) >= 0;
			goto done;
		}
		v.value[m] = (signed char) value;
		first_at[m] = start;
		pos = stop;
	}

	/* every base metric must be there */
	d.metric = -1;
	d.offset = length;
	d.length = 0;
	d.name_offset = d.name_length = d.value_offset = d.value_length = 0;
	for (m = 0; m < vd->nmetrics; m++)
		if (vd->metrics[m].group == GROUP_BASE && v.value[m] < 0)
		{
			if (d.missing == 0)
				d.metric = m;
			d.missing |= 1UL << m;
		}
	if (d.missing != 0)
		d.problem = CVSS_MISSING_METRIC;

done:
	if (vector)
		*vector = v;
	if (diagnosis)
		*diagnosis = d;
	return d.problem;
}

/* ---------------------------------------------------------------------------
 * Ratings.
 */

/*
 * The qualitative rating of CVSS 3.x and 4.0 (3.1 section 5, 4.0 section
 * 6): 0.0 None, 0.1-3.9 Low, 4.0-6.9 Medium, 7.0-8.9 High, 9.0-10.0
 * Critical.
 */
CvssSeverity
cvss_rating(int tenths)
{
	if (tenths <= 0)
		return CVSS_SEVERITY_NONE;
	if (tenths < 40)
		return CVSS_SEVERITY_LOW;
	if (tenths < 70)
		return CVSS_SEVERITY_MEDIUM;
	if (tenths < 90)
		return CVSS_SEVERITY_HIGH;
	return CVSS_SEVERITY_CRITICAL;
}

/*
 * The rating of a score of a given version.  CVSS 2.0 defines none; NVD
 * rates 2.0 scores Low below 4.0, Medium below 7.0 and High above, and a
 * 2.0 score of 10.0 is not "critical" in any source, so 2.0 never is (a
 * 0.0 is None, as in the other versions).
 */
CvssSeverity
cvss_severity_of(CvssVersion version, int tenths)
{
	CvssSeverity s = cvss_rating(tenths);

	if (version == CVSS_V2 && s == CVSS_SEVERITY_CRITICAL)
		s = CVSS_SEVERITY_HIGH;
	return s;
}

/* The label of a severity, as the care.severity enum spells it. */
const char *
cvss_severity_name(CvssSeverity severity)
{
	static const char *const names[] = {"none", "low", "medium", "high", "critical"};

	return names[severity];
}

/* ---------------------------------------------------------------------------
 * CVSS 3.0 and 3.1.
 */

/* JavaScript's Math.round for the non-negative values CVSS handles. */
static double
js_round(double x)
{
	double		r = floor(x);

	return (x - r >= 0.5) ? r + 1.0 : r;
}

/*
 * Roundup of CVSS 3.1 (Appendix A): the smallest one-decimal number not
 * below the input, decided on an integer count of 1e-5 so that a value a
 * floating-point error above a tenth does not go up.  Returns tenths.
 */
static int
roundup31(double x)
{
	long long	n = (long long) js_round(x * 100000.0);

	if (n % 10000 == 0)
		return (int) (n / 10000);
	return (int) (n / 10000 + 1);
}

/* Roundup of CVSS 3.0, as its calculator does it: ceil(10x).  Tenths. */
static int
roundup30(double x)
{
	return (int) ceil(x * 10.0);
}

/* The letter of a 3.x/4.0 metric's value; 'X' when absent. */
static char
letter(const CvssVector *v, int m)
{
	const MetricDef *md = &versions[v->version].metrics[m];

	return v->value[m] < 0 ? 'X' : md->values[(int) v->value[m]][0];
}

/* A modified metric's letter, or its base metric's when not defined. */
static char
modified(const CvssVector *v, int modified_metric, int base_metric)
{
	char		c = letter(v, modified_metric);

	return c == 'X' ? letter(v, base_metric) : c;
}

/* Weight of an attack vector (3.x). */
static double
w_av(char c)
{
	return c == 'N' ? 0.85 : c == 'A' ? 0.62 : c == 'L' ? 0.55 : 0.2;
}

/* Weight of an attack complexity (3.x). */
static double
w_ac(char c)
{
	return c == 'L' ? 0.77 : 0.44;
}

/* Weight of privileges required, which depends on the scope (3.x). */
static double
w_pr(char c, int changed)
{
	if (c == 'N')
		return 0.85;
	if (c == 'L')
		return changed ? 0.68 : 0.62;
	return changed ? 0.5 : 0.27;
}

/* Weight of user interaction (3.x). */
static double
w_ui(char c)
{
	return c == 'N' ? 0.85 : 0.62;
}

/* Weight of a confidentiality, integrity or availability impact (3.x). */
static double
w_cia(char c)
{
	return c == 'H' ? 0.56 : c == 'L' ? 0.22 : 0;
}

/* Weight of a security requirement; Not Defined counts as Medium (3.x). */
static double
w_req(char c)
{
	return c == 'H' ? 1.5 : c == 'L' ? 0.5 : 1;
}

/* Weight of exploit code maturity (3.x). */
static double
w_e(char c)
{
	return c == 'F' ? 0.97 : c == 'P' ? 0.94 : c == 'U' ? 0.91 : 1;
}

/* Weight of remediation level (3.x). */
static double
w_rl(char c)
{
	return c == 'W' ? 0.97 : c == 'T' ? 0.96 : c == 'O' ? 0.95 : 1;
}

/* Weight of report confidence (3.x). */
static double
w_rc(char c)
{
	return c == 'R' ? 0.96 : c == 'U' ? 0.92 : 1;
}

/*
 * Base, temporal and environmental scores of a 3.0 or 3.1 vector, from the
 * equations of section 7, in the order FIRST's calculators evaluate them
 * (IEEE doubles are not associative: the order is part of the result).
 */
static void
cvss3_score(const CvssVector *v, CvssScores *s)
{
	int			v31 = (v->version == CVSS_V31);
	int			(*roundup) (double) = v31 ? roundup31 : roundup30;
	int			changed = letter(v, V3_S) == 'C';
	double		iss,
				impact,
				exploitability;
	int			mchanged;
	double		miss,
				mimpact,
				mexploitability;

	/* base (7.1) */
	iss = 1 - ((1 - w_cia(letter(v, V3_C))) * (1 - w_cia(letter(v, V3_I))) *
			   (1 - w_cia(letter(v, V3_A))));
	if (!changed)
		impact = 6.42 * iss;
	else
		impact = 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15);
	exploitability = 8.22 * w_av(letter(v, V3_AV)) * w_ac(letter(v, V3_AC)) *
		w_pr(letter(v, V3_PR), changed) * w_ui(letter(v, V3_UI));
	if (impact <= 0)
		s->base = 0;
	else if (!changed)
		s->base = roundup(fmin(exploitability + impact, 10));
	else
		s->base = roundup(fmin(1.08 * (exploitability + impact), 10));

	/*
	 * temporal (7.2): the calculators multiply the rounded base score, a
	 * double, by each weight in turn
	 */
	s->temporal = roundup(s->base / 10.0 * w_e(letter(v, V3_E)) *
						  w_rl(letter(v, V3_RL)) * w_rc(letter(v, V3_RC)));

	/* environmental (7.3); 3.1 changed the changed-scope exponent term */
	mchanged = modified(v, V3_MS, V3_S) == 'C';
	miss = fmin(1 - ((1 - w_cia(modified(v, V3_MC, V3_C)) * w_req(letter(v, V3_CR))) *
					 (1 - w_cia(modified(v, V3_MI, V3_I)) * w_req(letter(v, V3_IR))) *
					 (1 - w_cia(modified(v, V3_MA, V3_A)) * w_req(letter(v, V3_AR)))),
				0.915);
	if (!mchanged)
		mimpact = 6.42 * miss;
	else if (v31)
		mimpact = 7.52 * (miss - 0.029) - 3.25 * pow(miss * 0.9731 - 0.02, 13);
	else
		mimpact = 7.52 * (miss - 0.029) - 3.25 * pow(miss - 0.02, 15);
	mexploitability = 8.22 * w_av(modified(v, V3_MAV, V3_AV)) *
		w_ac(modified(v, V3_MAC, V3_AC)) *
		w_pr(modified(v, V3_MPR, V3_PR), mchanged) *
		w_ui(modified(v, V3_MUI, V3_UI));
	if (mimpact <= 0)
		s->environmental = 0;
	else if (!mchanged)
		s->environmental = roundup(roundup(fmin(mimpact + mexploitability, 10)) / 10.0 *
								   w_e(letter(v, V3_E)) * w_rl(letter(v, V3_RL)) *
								   w_rc(letter(v, V3_RC)));
	else
		s->environmental = roundup(roundup(fmin(1.08 * (mimpact + mexploitability), 10)) / 10.0 *
								   w_e(letter(v, V3_E)) * w_rl(letter(v, V3_RL)) *
								   w_rc(letter(v, V3_RC)));
}

/* ---------------------------------------------------------------------------
 * CVSS 2.0.
 */

/*
 * The 2.0 base equation, round_to_1_decimal included (half up), for an
 * impact that may be the adjusted one; f is 0 for no impact.  Doubles are
 * exact enough here: the domain is finite (729 base vectors times 27
 * requirement triples, ND weighing as M) and, checked exhaustively against
 * exact rational arithmetic, no value lies within floating-point error of
 * a tie.
 */
static int
cvss2_base_equation(double impact, double exploitability)
{
	double		f = (impact == 0) ? 0 : 1.176;

	return (int) js_round((((0.6 * impact) + (0.4 * exploitability) - 1.5) * f) * 10.0);
}

/*
 * The 2.0 temporal equation on a base score in tenths, with the weights in
 * hundredths: an exact product rounded half up (NVD rates AV:N/AC:L/Au:S/
 * C:C/I:C/A:C/E:U 7.7, the exact 9.0 x 0.85 = 7.65 rounded up, where
 * doubles would give 7.6).
 */
static int
cvss2_temporal_equation(int base, int e, int rl, int rc)
{
	long long	x = (long long) base * e * rl * rc;	/* units of 1e-7 */

	return (int) ((2 * x + 1000000) / 2000000);
}

/*
 * Base, temporal and environmental scores of a 2.0 vector (Complete
 * Documentation, section 3.2).  Weights are indexed in the order of the
 * metric tables above; Not Defined (ND, or absent) weighs as the
 * specification says.
 */
static void
cvss2_score(const CvssVector *v, CvssScores *s)
{
	static const double av[] = {0.395, 0.646, 1.0};
	static const double ac[] = {0.35, 0.61, 0.71};
	static const double au[] = {0.45, 0.56, 0.704};
	static const double cia[] = {0.0, 0.275, 0.660};
	static const double req[] = {0.5, 1.0, 1.51, 1.0};

	/* in hundredths, tenths for CDP */
	static const int e[] = {85, 90, 95, 100, 100};
	static const int rl[] = {87, 90, 95, 100, 100};
	static const int rc[] = {90, 95, 100, 100};
	static const int cdp[] = {0, 1, 3, 4, 5, 0};
	static const int td[] = {0, 25, 75, 100, 100};
	double		c = cia[(int) v->value[V2_C]];
	double		i = cia[(int) v->value[V2_I]];
	double		a = cia[(int) v->value[V2_A]];
	double		wcr = v->value[V2_CR] < 0 ? 1.0 : req[(int) v->value[V2_CR]];
	double		wir = v->value[V2_IR] < 0 ? 1.0 : req[(int) v->value[V2_IR]];
	double		war = v->value[V2_AR] < 0 ? 1.0 : req[(int) v->value[V2_AR]];
	int			we = v->value[V2_E] < 0 ? 100 : e[(int) v->value[V2_E]];
	int			wrl = v->value[V2_RL] < 0 ? 100 : rl[(int) v->value[V2_RL]];
	int			wrc = v->value[V2_RC] < 0 ? 100 : rc[(int) v->value[V2_RC]];
	int			wcdp = v->value[V2_CDP] < 0 ? 0 : cdp[(int) v->value[V2_CDP]];
	int			wtd = v->value[V2_TD] < 0 ? 100 : td[(int) v->value[V2_TD]];
	double		impact,
				exploitability,
				adjusted_impact;
	int			adjusted_temporal;
	long long	x;

	impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
	exploitability = 20 * av[(int) v->value[V2_AV]] * ac[(int) v->value[V2_AC]] *
		au[(int) v->value[V2_AU]];
	s->base = cvss2_base_equation(impact, exploitability);
	s->temporal = cvss2_temporal_equation(s->base, we, wrl, wrc);

	adjusted_impact = fmin(10, 10.41 * (1 - (1 - c * wcr) * (1 - i * wir) * (1 - a * war)));
	adjusted_temporal = cvss2_temporal_equation(cvss2_base_equation(adjusted_impact,
																	 exploitability),
												we, wrl, wrc);

	/*
	 * (AdjustedTemporal + (10 - AdjustedTemporal) * CDP) * TD, exactly:
	 * with t tenths, c tenths and d hundredths it is (10t + (100 - t)c)d
	 * thousandths of a tenth
	 */
	x = (long long) (10 * adjusted_temporal + (100 - adjusted_temporal) * wcdp) * wtd;
	s->environmental = (int) ((2 * x + 1000) / 2000);
}

/* ---------------------------------------------------------------------------
 * CVSS 4.0.
 */

/*
 * MacroVector scores, in tenths, from the CVSS v4.0 specification (FIRST,
 * section 8 and its published lookup table).  A MacroVector is the six
 * equivalence-class levels EQ1..EQ6; rows are EQ1 EQ2 EQ3 EQ4, columns are
 * EQ5 EQ6 = 00 01 10 11 20 21.  -1: no such MacroVector (EQ3 = 2 implies
 * EQ6 = 1).
 */
static const signed char cvss40_macrovector[3][2][3][3][6] = {
	{							/* EQ1 = 0 */
		{						/* EQ2 = 0 */
			{{100, 99, 98, 95, 95, 92}, {100, 96, 93, 87, 91, 81}, {93, 90, 89, 80, 81, 68}},
			{{98, 95, 95, 92, 90, 84}, {93, 92, 89, 81, 81, 65}, {88, 80, 78, 70, 69, 48}},
			{{-1, 92, -1, 82, -1, 72}, {-1, 79, -1, 69, -1, 50}, {-1, 69, -1, 55, -1, 27}},
		},
		{						/* EQ2 = 1 */
			{{99, 97, 95, 92, 92, 85}, {95, 91, 90, 83, 84, 71}, {92, 81, 82, 71, 72, 53}},
			{{95, 93, 92, 85, 85, 73}, {92, 82, 80, 72, 70, 59}, {84, 70, 71, 52, 50, 30}},
			{{-1, 86, -1, 75, -1, 52}, {-1, 71, -1, 52, -1, 29}, {-1, 63, -1, 29, -1, 17}},
		},
	},
	{							/* EQ1 = 1 */
		{
			{{98, 95, 94, 87, 91, 81}, {94, 89, 86, 74, 77, 64}, {87, 75, 74, 63, 63, 49}},
			{{94, 89, 88, 77, 76, 67}, {86, 76, 74, 58, 59, 50}, {72, 57, 57, 52, 52, 25}},
			{{-1, 83, -1, 70, -1, 54}, {-1, 65, -1, 58, -1, 26}, {-1, 53, -1, 21, -1, 13}},
		},
		{
			{{95, 90, 88, 76, 76, 70}, {90, 77, 75, 62, 61, 53}, {77, 66, 68, 59, 52, 30}},
			{{89, 78, 76, 67, 62, 58}, {74, 59, 57, 57, 47, 23}, {61, 52, 57, 29, 24, 16}},
			{{-1, 71, -1, 59, -1, 30}, {-1, 58, -1, 26, -1, 15}, {-1, 23, -1, 13, -1, 6}},
		},
	},
	{							/* EQ1 = 2 */
		{
			{{93, 87, 86, 72, 75, 58}, {86, 74, 74, 61, 56, 34}, {70, 54, 52, 40, 40, 22}},
			{{85, 75, 74, 55, 62, 51}, {72, 57, 55, 41, 46, 19}, {53, 36, 34, 19, 19, 8}},
			{{-1, 64, -1, 51, -1, 20}, {-1, 47, -1, 21, -1, 11}, {-1, 24, -1, 9, -1, 4}},
		},
		{
			{{88, 75, 73, 53, 60, 50}, {73, 55, 59, 40, 41, 20}, {54, 43, 45, 22, 20, 11}},
			{{75, 55, 58, 45, 40, 21}, {61, 51, 48, 18, 20, 9}, {46, 18, 17, 7, 8, 2}},
			{{-1, 53, -1, 24, -1, 14}, {-1, 24, -1, 12, -1, 5}, {-1, 10, -1, 3, -1, 1}},
		},
	},
};

/* Score of a MacroVector in tenths, or -1 when it does not exist. */
static int
macrovector_score(const int eq[6])
{
	if (eq[0] > 2 || eq[1] > 1 || eq[2] > 2 || eq[3] > 2 || eq[4] > 2 || eq[5] > 1)
		return -1;
	return cvss40_macrovector[eq[0]][eq[1]][eq[2]][eq[3]][eq[4] * 2 + eq[5]];
}

/*
 * Highest-severity vectors of each equivalence-class level, from the CVSS
 * v4.0 specification's data ("max composed" vectors).  Each string gives
 * the values of the metrics named in its comment, in that order.
 */
static const char *const eq1_max[3][4] = {	/* AV PR UI */
	{"NNN", NULL},
	{"ANN", "NLN", "NNP", NULL},
	{"PNN", "ALP", NULL},
};
static const char *const eq2_max[2][3] = {	/* AC AT */
	{"LN", NULL},
	{"HN", "LP", NULL},
};
static const char *const eq3eq6_max[3][2][6] = {	/* VC VI VA CR IR AR */
	{{"HHHHHH", NULL}, {"HHLMMH", "HHHMMM", NULL}},
	{{"LHHHHH", "HLHHHH", NULL}, {"LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM", NULL}},
	{{NULL}, {"LLLHHH", NULL}},
};
static const char *const eq4_max[3][2] = {	/* SC SI SA */
	{"HSS", NULL}, {"HHH", NULL}, {"LLL", NULL},
};

/*
 * Depth of each equivalence-class level, in severity-distance steps: the
 * "max severity" table of the CVSS v4.0 specification's data (one more
 * than the largest distance found inside the level).
 */
static const int eq1_depth[3] = {1, 4, 5};
static const int eq2_depth[2] = {1, 2};
static const int eq3eq6_depth[3][2] = {{7, 6}, {8, 8}, {0, 10}};
static const int eq4_depth[3] = {6, 5, 4};

/* The metrics that take part in severity distances, in one order. */
enum
{
	D_AV, D_PR, D_UI, D_AC, D_AT, D_VC, D_VI, D_VA, D_CR, D_IR, D_AR,
	D_SC, D_SI, D_SA, D_E, D_COUNT
};

/*
 * Severity level of a value, in steps from the most severe (4.0 section 8:
 * each step is one tenth of severity distance).  SC has no Safety value,
 * so its scale starts at one, as in the specification's data; only
 * differences matter.
 */
static int
level_of(int metric, char c)
{
	switch (metric)
	{
		case D_AV:
			return c == 'N' ? 0 : c == 'A' ? 1 : c == 'L' ? 2 : 3;
		case D_PR:
			return c == 'N' ? 0 : c == 'L' ? 1 : 2;
		case D_UI:
			return c == 'N' ? 0 : c == 'P' ? 1 : 2;
		case D_AC:
			return c == 'L' ? 0 : 1;
		case D_AT:
			return c == 'N' ? 0 : 1;
		case D_VC:
		case D_VI:
		case D_VA:
			return c == 'H' ? 0 : c == 'L' ? 1 : 2;
		case D_CR:
		case D_IR:
		case D_AR:
			return c == 'H' ? 0 : c == 'M' ? 1 : 2;
		case D_SC:
		case D_SI:
		case D_SA:
			return c == 'S' ? 0 : c == 'H' ? 1 : c == 'L' ? 2 : 3;
		default:				/* D_E */
			return c == 'A' ? 0 : c == 'P' ? 1 : 2;
	}
}

/* Greatest common divisor, for the least common multiple of depths. */
static long
gcd(long a, long b)
{
	while (b != 0)
	{
		long		t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/*
 * The CVSS 4.0 score, in tenths, of a vector read with or without its
 * threat and environmental metrics (CVSS-B, -BT, -BE, -BTE).
 *
 * Section 8: the vector falls in a MacroVector whose score is that of its
 * highest-severity vectors; for each equivalence class (EQ3 and EQ6 taken
 * together, EQ5 contributing nothing), the score difference to the next
 * lower MacroVector, when it exists, is scaled by the vector's severity
 * distance from the highest-severity vector over the depth of the class;
 * the mean of those is subtracted.  Everything is a whole number of tenths
 * or of steps, so the mean is an exact fraction, rounded half up once.
 * Checked exhaustively when written: on all 15,116,544 effective vectors
 * (every base value, E, CR/IR/AR, and Safety) this equals FIRST's
 * calculator since its 2024 fix (doubles lifted by 1e-6 before rounding),
 * and differs by a tenth on 57,686 from the calculator before the fix.
 */
static int
cvss40_tenths(const CvssVector *v, int use_threat, int use_environmental)
{
	char		eff[D_COUNT];
	int			eq[6];
	int			value;
	int			lower[5];
	int			depth[5];
	int			distance[5] = {0, 0, 0, 0, 0};
	int			a,
				b,
				c,
				d,
				k;
	int			found = 0;
	long		lcm = 1;
	long		numerator = 0;
	long		denominator;
	long		scaled;
	int			n = 0;

#define EFF(base, mod) (use_environmental ? modified(v, (mod), (base)) : letter(v, (base)))
	eff[D_AV] = EFF(V4_AV, V4_MAV);
	eff[D_AC] = EFF(V4_AC, V4_MAC);
	eff[D_AT] = EFF(V4_AT, V4_MAT);
	eff[D_PR] = EFF(V4_PR, V4_MPR);
	eff[D_UI] = EFF(V4_UI, V4_MUI);
	eff[D_VC] = EFF(V4_VC, V4_MVC);
	eff[D_VI] = EFF(V4_VI, V4_MVI);
	eff[D_VA] = EFF(V4_VA, V4_MVA);
	eff[D_SC] = EFF(V4_SC, V4_MSC);
	eff[D_SI] = EFF(V4_SI, V4_MSI);
	eff[D_SA] = EFF(V4_SA, V4_MSA);
#undef EFF
	/* not defined threat and requirements assume the worst: E:A, xR:H */
	eff[D_E] = use_threat ? letter(v, V4_E) : 'X';
	if (eff[D_E] == 'X')
		eff[D_E] = 'A';
	eff[D_CR] = use_environmental ? letter(v, V4_CR) : 'X';
	eff[D_IR] = use_environmental ? letter(v, V4_IR) : 'X';
	eff[D_AR] = use_environmental ? letter(v, V4_AR) : 'X';
	for (k = D_CR; k <= D_AR; k++)
		if (eff[k] == 'X')
			eff[k] = 'H';

	/* no impact at all scores 0 */
	if (eff[D_VC] == 'N' && eff[D_VI] == 'N' && eff[D_VA] == 'N' &&
		eff[D_SC] == 'N' && eff[D_SI] == 'N' && eff[D_SA] == 'N')
		return 0;

	/* equivalence classes (Table 24 and following) */
	if (eff[D_AV] == 'N' && eff[D_PR] == 'N' && eff[D_UI] == 'N')
		eq[0] = 0;
	else if ((eff[D_AV] == 'N' || eff[D_PR] == 'N' || eff[D_UI] == 'N') && eff[D_AV] != 'P')
		eq[0] = 1;
	else
		eq[0] = 2;
	eq[1] = (eff[D_AC] == 'L' && eff[D_AT] == 'N') ? 0 : 1;
	if (eff[D_VC] == 'H' && eff[D_VI] == 'H')
		eq[2] = 0;
	else if (eff[D_VC] == 'H' || eff[D_VI] == 'H' || eff[D_VA] == 'H')
		eq[2] = 1;
	else
		eq[2] = 2;
	if (eff[D_SI] == 'S' || eff[D_SA] == 'S')
		eq[3] = 0;
	else if (eff[D_SC] == 'H' || eff[D_SI] == 'H' || eff[D_SA] == 'H')
		eq[3] = 1;
	else
		eq[3] = 2;
	eq[4] = eff[D_E] == 'A' ? 0 : eff[D_E] == 'P' ? 1 : 2;
	eq[5] = ((eff[D_CR] == 'H' && eff[D_VC] == 'H') ||
			 (eff[D_IR] == 'H' && eff[D_VI] == 'H') ||
			 (eff[D_AR] == 'H' && eff[D_VA] == 'H')) ? 0 : 1;

	value = macrovector_score(eq);

	/* the next lower MacroVector of each class, -1 when there is none */
	for (k = 0; k < 5; k++)
	{
		int			next[6];

		memcpy(next, eq, sizeof next);
		switch (k)
		{
			case 0:
			case 1:
				next[k]++;
				lower[k] = macrovector_score(next);
				break;
			case 2:
				/* EQ3 and EQ6 move together: 00 -> 01 or 10, 01 and 10 -> 11, 11 -> 21 */
				if (eq[2] == 0 && eq[5] == 0)
				{
					int			left,
								right;

					next[5] = 1;
					left = macrovector_score(next);
					next[5] = 0;
					next[2] = 1;
					right = macrovector_score(next);
					lower[k] = left > right ? left : right;
				}
				else
				{
					if (eq[2] == 1 && eq[5] == 0)
						next[5] = 1;
					else
						next[2]++;
					if (eq[2] == 2)
						next[5]++;
					lower[k] = macrovector_score(next);
				}
				break;
			case 3:
				next[3]++;
				lower[k] = macrovector_score(next);
				break;
			default:
				next[4]++;
				lower[k] = macrovector_score(next);
				break;
		}
	}

	/*
	 * The highest-severity vector to measure from: the first combination,
	 * in the specification's order, that is at least as severe as the
	 * vector on every metric.
	 */
	for (a = 0; eq1_max[eq[0]][a] != NULL && !found; a++)
		for (b = 0; eq2_max[eq[1]][b] != NULL && !found; b++)
			for (c = 0; eq3eq6_max[eq[2]][eq[5]][c] != NULL && !found; c++)
				for (d = 0; eq4_max[eq[3]][d] != NULL && !found; d++)
				{
					const char *m1 = eq1_max[eq[0]][a];
					const char *m2 = eq2_max[eq[1]][b];
					const char *m3 = eq3eq6_max[eq[2]][eq[5]][c];
					const char *m4 = eq4_max[eq[3]][d];
					char		max[D_COUNT];
					int			step[D_COUNT];
					int			ok = 1;

					max[D_AV] = m1[0];
					max[D_PR] = m1[1];
					max[D_UI] = m1[2];
					max[D_AC] = m2[0];
					max[D_AT] = m2[1];
					max[D_VC] = m3[0];
					max[D_VI] = m3[1];
					max[D_VA] = m3[2];
					max[D_CR] = m3[3];
					max[D_IR] = m3[4];
					max[D_AR] = m3[5];
					max[D_SC] = m4[0];
					max[D_SI] = m4[1];
					max[D_SA] = m4[2];
					max[D_E] = eq[4] == 0 ? 'A' : eq[4] == 1 ? 'P' : 'U';
					for (k = 0; k < D_COUNT; k++)
					{
						step[k] = level_of(k, eff[k]) - level_of(k, max[k]);
						if (step[k] < 0)
							ok = 0;
					}
					/* as the specification's code, keep the last when none fits */
					distance[0] = step[D_AV] + step[D_PR] + step[D_UI];
					distance[1] = step[D_AC] + step[D_AT];
					distance[2] = step[D_VC] + step[D_VI] + step[D_VA] +
						step[D_CR] + step[D_IR] + step[D_AR];
					distance[3] = step[D_SC] + step[D_SI] + step[D_SA];
					distance[4] = 0;	/* EQ5 has a single value per level */
					found = ok;
				}

	depth[0] = eq1_depth[eq[0]];
	depth[1] = eq2_depth[eq[1]];
	depth[2] = eq3eq6_depth[eq[2]][eq[5]];
	depth[3] = eq4_depth[eq[3]];
	depth[4] = 1;

	/*
	 * mean over existing lower MacroVectors of
	 * (value - lower) * distance / depth, as one fraction over n * lcm
	 */
	for (k = 0; k < 5; k++)
		lcm = lcm / gcd(lcm, depth[k]) * depth[k];
	for (k = 0; k < 5; k++)
		if (lower[k] >= 0)
		{
			n++;
			numerator += (long) (value - lower[k]) * distance[k] * (lcm / depth[k]);
		}
	if (n == 0)
		return value;
	denominator = (long) n * lcm;

	/* value - numerator / denominator, clamped to 0..10, rounded half up */
	scaled = (long) value * denominator - numerator;
	if (scaled <= 0)
		return 0;
	k = (int) ((2 * scaled + denominator) / (2 * denominator));
	return k > 100 ? 100 : k;
}

/* True when a metric of the group has a value other than Not Defined. */
static int
group_defined(const CvssVector *v, MetricGroup group)
{
	const VersionDef *vd = &versions[v->version];
	int			m;

	for (m = 0; m < vd->nmetrics; m++)
		if (vd->metrics[m].group == group && v->value[m] >= 0 &&
			strcmp(vd->metrics[m].values[(int) v->value[m]], vd->undefined) != 0)
			return 1;
	return 0;
}

/* ---------------------------------------------------------------------------
 * Public entry points.
 */

/*
 * Score a vector cvss_parse() accepted.  See CvssScores for what each
 * score means in each version.
 */
void
cvss_score(const CvssVector *vector, CvssScores *scores)
{
	CvssScores	s;

	memset(&s, 0, sizeof s);
	s.version = vector->version;
	s.has_temporal = group_defined(vector, GROUP_TEMPORAL);
	s.has_environmental = group_defined(vector, GROUP_ENVIRONMENTAL);
	switch (vector->version)
	{
		case CVSS_V2:
			cvss2_score(vector, &s);
			break;
		case CVSS_V30:
		case CVSS_V31:
			cvss3_score(vector, &s);
			break;
		case CVSS_V40:
			s.base = cvss40_tenths(vector, 0, 0);
			s.temporal = cvss40_tenths(vector, 1, 0);
			s.environmental = cvss40_tenths(vector, 1, 1);
			s.nomenclature = s.has_temporal ?
				(s.has_environmental ? "CVSS-BTE" : "CVSS-BT") :
				(s.has_environmental ? "CVSS-BE" : "CVSS-B");
			break;
	}
	s.score = s.has_environmental ? s.environmental :
		s.has_temporal ? s.temporal : s.base;
	s.base_severity = cvss_severity_of(s.version, s.base);
	s.temporal_severity = cvss_severity_of(s.version, s.temporal);
	s.environmental_severity = cvss_severity_of(s.version, s.environmental);
	s.severity = cvss_severity_of(s.version, s.score);
	*scores = s;
}

/* Parse and score in one call; *scores is set only for a valid vector. */
CvssProblem
cvss_evaluate(const char *text, size_t length, CvssScores *scores,
			  CvssDiagnosis *diagnosis)
{
	CvssVector	v;
	CvssProblem p = cvss_parse(text, length, &v, diagnosis);

	if (p == CVSS_VALID && scores)
		cvss_score(&v, scores);
	return p;
}

/* "2.0", "3.0", "3.1" or "4.0". */
const char *
cvss_version_name(CvssVersion version)
{
	return versions[version].name;
}

/* How many metrics a version defines. */
int
cvss_metric_count(CvssVersion version)
{
	return versions[version].nmetrics;
}

/* The abbreviated name of a version's metric, as vectors write it. */
const char *
cvss_metric_name(CvssVersion version, int metric)
{
	if (metric < 0 || metric >= versions[version].nmetrics)
		return NULL;
	return versions[version].metrics[metric].name;
}

/*
 * The values a metric allows, for an error detail: "L or H",
 * "N, A, L or P".  Writes at most size bytes, NUL included; returns the
 * length of the whole text, as snprintf does.
 */
size_t
cvss_allowed_values(CvssVersion version, int metric, char *buffer, size_t size)
{
	const char *const *values = versions[version].metrics[metric].values;
	size_t		used = 0;
	int			count = 0;
	int			i;

	while (values[count] != NULL)
		count++;
	for (i = 0; i < count; i++)
	{
		const char *sep = i == 0 ? "" : i == count - 1 ? " or " : ", ";
		const char *parts[2];
		int			p;

		parts[0] = sep;
		parts[1] = values[i];
		for (p = 0; p < 2; p++)
		{
			size_t		n = strlen(parts[p]);

			if (used + n < size)
				memcpy(buffer + used, parts[p], n);
			else if (used < size)
				memcpy(buffer + used, parts[p], size - used - 1);
			used += n;
		}
	}
	if (size > 0)
		buffer[used < size ? used : size - 1] = '\0';
	return used;
}
