/*
 * INS matricule checks. DOMAIN §2: replace 2A by 19 and 2B by 18, then
 * key = 97 − (13-digit number mod 97).
 */
#include <string.h>

#include "domain/record/ins.h"

const char *const ins_status_codes[] = { "PROV", "RECUP", "VALI", "QUAL",
	NULL };
const char *const ins_oid_codes[] = { INS_OID_NIR, INS_OID_NIA, INS_OID_TEST,
	INS_OID_DEMO, NULL };

int
ins_key(const char *s)
{
	unsigned long long n = 0;
	int i;

	for (i = 0; i < 13; i++) {
		char c = s[i];

		if (i == 5 && s[5] == '2' && (s[6] == 'A' || s[6] == 'B')) {
			/* Corsica: "2A" → 19, "2B" → 18. */
			n = n * 100 + (s[6] == 'A' ? 19 : 18);
			i++;
			continue;
		}
		if (c < '0' || c > '9')
			return -1;
		n = n * 10 + (unsigned)(c - '0');
	}
	return (int)(97 - n % 97);
}

int
ins_valid(const char *s)
{
	int key;

	if (s == NULL || strlen(s) != 15)
		return 0;
	if (s[0] != '1' && s[0] != '2' && s[0] != '3' && s[0] != '4' &&
	    s[0] != '7' && s[0] != '8')
		return 0;
	if (s[13] < '0' || s[13] > '9' || s[14] < '0' || s[14] > '9')
		return 0;
	key = ins_key(s);
	return key >= 0 && key == (s[13] - '0') * 10 + (s[14] - '0');
}

static int
digits(const char *s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
num(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int
ins_birthplace_form(const char *s)
{
	int d;

	if (s == NULL || strlen(s) != 5)
		return 0;
	if (s[0] == '2' && (s[1] == 'A' || s[1] == 'B'))
		return digits(s + 2, 3) && num(s + 2, 3) > 0;
	if (!digits(s, 5))
		return 0;
	d = num(s, 2);
	if (d == 97) /* overseas: 971-976 + commune 01-99 */
		return s[2] >= '1' && s[2] <= '6' && num(s + 3, 2) > 0;
	if (d == 99) /* born abroad: 99 + country code */
		return num(s + 2, 3) > 0;
	return d >= 1 && d <= 95 && d != 20 && num(s + 2, 3) > 0;
}

/*
 * The département digits of a NIR (positions 6-7, or 6-8 overseas) agree
 * with an INSEE birthplace code. The NIR keeps the code of the birth
 * year, so three historical cases are accepted (DOMAIN §2):
 * - Corsica: "20" for a birth before 1976, then "2A"/"2B";
 * - Algeria, Morocco, Tunisia before independence: 91-96 in the NIR, the
 *   country (99xxx) in the birthplace code;
 * - Seine and Seine-et-Oise before 1968: 75 or 78 in the NIR for a
 *   commune now in 91-95.
 */
static int
place_agrees(const char *ins, const char *place, int year)
{
	int nd, pd;

	if (place[0] == '9' && place[1] == '7')
		return strncmp(ins + 5, place, 3) == 0;
	if (place[0] == '2' && (place[1] == 'A' || place[1] == 'B'))
		return (ins[5] == '2' && ins[6] == place[1]) ||
		    (year < 1976 && ins[5] == '2' && ins[6] == '0');
	if (strncmp(ins + 5, place, 2) == 0)
		return 1;
	if (!digits(ins + 5, 2) || !digits(place, 2))
		return 0;
	nd = num(ins + 5, 2);
	pd = num(place, 2);
	if (pd == 99 && nd >= 91 && nd <= 96 && year < 1968)
		return 1;
	return pd >= 91 && pd <= 95 && (nd == 75 || nd == 78) && year < 1968;
}

const char *
ins_trait_mismatch(const char *ins, const char *sex, const char *birth_date,
    const char *birthplace)
{
	int m, year = 0;

	if (ins == NULL || strlen(ins) < 13)
		return NULL;
	/* Sex: odd digit (1, 3, 7) male, even (2, 4, 8) female. */
	if (sex != NULL && (strcmp(sex, "M") == 0 || strcmp(sex, "F") == 0) &&
	    ((ins[0] - '0') % 2 == 1) != (sex[0] == 'M'))
		return "sex";
	if (birth_date != NULL && strlen(birth_date) >= 7 &&
	    digits(birth_date, 4)) {
		year = num(birth_date, 4);
		if (!digits(ins + 1, 4) || ins[1] != birth_date[2] ||
		    ins[2] != birth_date[3])
			return "birth_date";
		/* INSEE's unknown months: 20, 30-42, 50-99. */
		m = num(ins + 3, 2);
		if (m >= 1 && m <= 12) {
			if (ins[3] != birth_date[5] || ins[4] != birth_date[6])
				return "birth_date";
		} else if (!(m == 20 || (m >= 30 && m <= 42) || m >= 50))
			return "birth_date";
	}
	if (birthplace != NULL && strlen(birthplace) == 5 &&
	    !place_agrees(ins, birthplace, year ? year : 9999))
		return "birthplace_insee";
	return NULL;
}
