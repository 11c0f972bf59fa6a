/**
 * The Vietnamese lunisolar calendar, for the holidays that follow it (Tết, Giỗ Tổ Hùng Vương) in
 * years the province's calendar does not list yet. Pure.
 *
 * Months start on the local day of the new moon, and the leap month is the first month without a
 * principal solar term; both are computed at UTC+7, which is why Việt Nam's Tết can fall a month
 * away from China's (UTC+8), as in 1985. New moons and the sun's longitude use the short series of
 * Meeus, "Astronomical Algorithms" (ch. 25 and 49): good to minutes, enough to name the day except
 * for a new moon within minutes of midnight, which is what the announced calendar is for.
 */

const TIME_ZONE_HOURS = 7;
const SYNODIC_MONTH = 29.530588853;
// Julian day of the new moon of 1900-01-01, from which new moons are counted.
const NEW_MOON_EPOCH_JD = 2415021.076998695;
const RAD = Math.PI / 180;

/** Julian day number of a Gregorian date. */
export function julianDay(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
}

/** "YYYY-MM-DD" of a Julian day number. */
export function isoDateOfJulianDay(jd: number): string {
  const a = jd + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  const day = e - Math.floor((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * Math.floor(m / 10);
  const year = 100 * b + d - 4800 + Math.floor(m / 10);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The local day (Julian day number at UTC+7) of the `k`-th new moon after 1900-01-01's. */
function newMoonDay(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RAD;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RAD;
  const latitude = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RAD;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * latitude) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * latitude + sunAnomaly) -
    0.0004 * Math.sin(2 * latitude - sunAnomaly) -
    0.0006 * Math.sin(2 * latitude + moonAnomaly) +
    0.001 * Math.sin(2 * latitude - moonAnomaly) +
    0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  // Terrestrial minus universal time, as a fraction of a day (fit valid for 1900–2100).
  const deltaT =
    t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3 : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return Math.floor(jd + correction - deltaT + 0.5 + TIME_ZONE_HOURS / 24);
}

/** Which twelfth of the ecliptic (0 = from the March equinox) the sun is in at the start of local day `jd`. */
function sunSector(jd: number): number {
  const t = (jd - 2451545.5 - TIME_ZONE_HOURS / 24) / 36525;
  const t2 = t * t;
  const anomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * RAD;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const centre =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(anomaly) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * anomaly) +
    0.00029 * Math.sin(3 * anomaly);
  let longitude = (meanLongitude + centre) * RAD;
  longitude -= 2 * Math.PI * Math.floor(longitude / (2 * Math.PI));
  return Math.floor((longitude / Math.PI) * 6);
}

/** The first day of the eleventh lunar month (the one holding the winter solstice) of `year`. */
function eleventhMonthStart(year: number): number {
  const k = Math.floor((julianDay(year, 12, 31) - 2415021) / SYNODIC_MONTH);
  const candidate = newMoonDay(k);
  // A new moon after the sun entered the sector of the winter solstice starts the twelfth month.
  return sunSector(candidate) >= 9 ? newMoonDay(k - 1) : candidate;
}

/** How many months after the eleventh month (starting at `start`) the leap month falls. */
function leapMonthOffset(start: number): number {
  const k = Math.floor((start - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let sector = sunSector(newMoonDay(k + i));
  let previous: number;
  do {
    previous = sector;
    i++;
    sector = sunSector(newMoonDay(k + i));
  } while (sector !== previous && i < 14);
  return i - 1;
}

/**
 * The solar date ("YYYY-MM-DD") of lunar `day`/`month` of lunar `year` (the year whose first
 * month starts near the solar year's start). `leap` names the repeated month of a leap year;
 * undefined when that year repeats no such month.
 */
export function solarDateOfLunar(year: number, month: number, day: number, leap = false): string | undefined {
  const [from, to] =
    month < 11 ? [eleventhMonthStart(year - 1), eleventhMonthStart(year)] : [eleventhMonthStart(year), eleventhMonthStart(year + 1)];
  const k = Math.floor((from - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH + 0.5);
  let offset = (month - 11 + 12) % 12;
  if (to - from > 365) {
    const leapOffset = leapMonthOffset(from);
    const leapMonth = (leapOffset - 2 + 12) % 12;
    if (leap && month !== leapMonth) return undefined;
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    return undefined;
  }
  return isoDateOfJulianDay(newMoonDay(k + offset) + day - 1);
}

/** The first day of lunar `year` (mùng 1 Tết). */
export function lunarNewYear(year: number): string {
  return solarDateOfLunar(year, 1, 1)!;
}
