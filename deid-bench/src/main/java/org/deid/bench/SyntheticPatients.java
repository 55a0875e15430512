package org.deid.bench;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates synthetic patient records (no real person) with a fixed seed, in the column layout of
 * {@code examples/patients.csv}. The same seed and row count always give the same bytes.
 *
 * <p>A small share of rows carries the defects real feeds have (placeholder names, invalid SSNs,
 * missing values, odd date shapes) unless {@code clean} is set, in which case every identifying
 * value is valid.
 */
public final class SyntheticPatients {
  /** The header of the generated file. */
  public static final List<String> COLUMNS =
      List.of(
          "record_id",
          "first_name",
          "last_name",
          "birth_date",
          "sex",
          "ssn",
          "street_address",
          "city",
          "state",
          "zip",
          "phone",
          "email",
          "mrn",
          "member_id",
          "admission_date",
          "discharge_date",
          "diagnosis_codes",
          "hba1c",
          "total_cost");

  private static final String[] FIRST_MALE = {
    "James",
    "John",
    "Robert",
    "Michael",
    "William",
    "David",
    "Richard",
    "Joseph",
    "Thomas",
    "Charles",
    "Christopher",
    "Daniel",
    "Matthew",
    "Anthony",
    "Mark",
    "Donald",
    "Steven",
    "Paul",
    "Andrew",
    "Joshua",
    "Kenneth",
    "Kevin",
    "Brian",
    "George",
    "Timothy",
    "Ronald",
    "Edward",
    "Jason",
    "Jeffrey",
    "Ryan",
    "Jacob",
    "Gary",
    "Nicholas",
    "Eric",
    "Jonathan",
    "Stephen",
    "Larry",
    "Justin",
    "Scott",
    "Brandon",
    "José",
    "Luis",
    "Nguyen",
    "Wei",
    "Omar",
    "Raj"
  };
  private static final String[] FIRST_FEMALE = {
    "Mary",
    "Patricia",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Lisa",
    "Nancy",
    "Betty",
    "Margaret",
    "Sandra",
    "Ashley",
    "Kimberly",
    "Emily",
    "Donna",
    "Michelle",
    "Carol",
    "Amanda",
    "Dorothy",
    "Melissa",
    "Deborah",
    "Stephanie",
    "Rebecca",
    "Sharon",
    "Laura",
    "Cynthia",
    "Kathleen",
    "Amy",
    "Angela",
    "Shirley",
    "Anna",
    "Brenda",
    "Pamela",
    "Emma",
    "Nicole",
    "Helen",
    "María",
    "Zoë",
    "Siobhán",
    "Mei",
    "Aisha"
  };
  private static final String[] LAST = {
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "O'Brien",
    "Smith-Jones",
    "Ng",
    "Li",
    "Müller",
    "Østergaard",
    "D'Angelo",
    "McDonald",
    "Van der Berg",
    "Núñez"
  };
  private static final String[] STREETS = {
    "Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Pine St", "Elm St", "Washington Blvd",
    "Lake Rd", "Hill St", "Park Ave", "2nd St", "Sunset Blvd", "River Rd", "Church St"
  };
  private static final String[][] PLACES = {
    {"Seattle", "WA", "981"}, {"Bellevue", "WA", "980"}, {"Portland", "OR", "972"},
    {"Boise", "ID", "837"}, {"Denver", "CO", "802"}, {"Austin", "TX", "787"},
    {"Houston", "TX", "770"}, {"Chicago", "IL", "606"}, {"Boston", "MA", "021"},
    {"New York", "NY", "100"}, {"Miami", "FL", "331"}, {"Atlanta", "GA", "303"},
    {"Phoenix", "AZ", "850"}, {"Reno", "NV", "895"}, {"Cheyenne", "WY", "820"},
    {"Glendive", "MT", "593"}, {"Beatty", "NV", "890"}, {"Berlin", "NH", "035"}
  };
  private static final String[] DIAGNOSES = {
    "E11.9", "I10", "J45.909", "E78.5", "F32.9", "K21.9", "M54.5", "N18.3", "I25.10", "J44.9",
    "E66.9", "G47.33", "Z79.4", "R73.03"
  };
  private static final String[] DOMAINS = {
    "mailbox.org", "fastmail.com", "proton.me", "gmail.com", "outlook.com"
  };
  private static final String[] PLACEHOLDERS = {"UNKNOWN", "Baby Boy", "N/A", "Test", ""};

  private final SplittableRandom random;
  private final boolean clean;
  private long nextId = 1;

  /**
   * Creates a generator.
   *
   * @param seed random seed; the same seed gives the same rows
   * @param clean true to make every identifying value valid
   */
  public SyntheticPatients(long seed, boolean clean) {
    this.random = new SplittableRandom(seed);
    this.clean = clean;
  }

  /**
   * Writes the header and {@code rows} records as CSV with LF line endings.
   *
   * @param out where to write (the caller chooses the charset; use UTF-8)
   * @param rows number of records
   * @throws IOException if writing fails
   */
  public void writeCsv(Writer out, long rows) throws IOException {
    out.write(String.join(",", COLUMNS));
    out.write('\n');
    StringBuilder line = new StringBuilder(256);
    for (long i = 0; i < rows; i++) {
      line.setLength(0);
      String[] fields = next();
      for (int f = 0; f < fields.length; f++) {
        if (f > 0) {
          line.append(',');
        }
        appendCsv(line, fields[f]);
      }
      line.append('\n');
      out.append(line);
    }
  }

  /**
   * Generates the next record.
   *
   * @return the fields in {@link #COLUMNS} order
   */
  public String[] next() {
    boolean male = random.nextBoolean();
    String first = pick(male ? FIRST_MALE : FIRST_FEMALE);
    String last = pick(LAST);
    LocalDate birth = LocalDate.of(1920, 1, 1).plusDays(random.nextInt(365 * 100));
    String[] place = PLACES[random.nextInt(PLACES.length)];
    String zip = place[2] + String.format(Locale.ROOT, "%02d", random.nextInt(100));
    LocalDate admission = LocalDate.of(2019, 1, 1).plusDays(random.nextInt(365 * 6));
    LocalDate discharge = admission.plusDays(random.nextInt(15));
    String ssn = validSsn();
    String phone =
        String.format(
            Locale.ROOT,
            "(%d%02d) %d%02d-%04d",
            2 + random.nextInt(8),
            random.nextInt(100),
            2 + random.nextInt(8),
            random.nextInt(100),
            random.nextInt(10000));
    String email =
        (first.charAt(0) + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "")
            + random.nextInt(1000)
            + "@"
            + pick(DOMAINS);
    String sex = male ? "M" : "F";
    String birthText = birth.toString();
    if (!clean) {
      int defect = random.nextInt(100);
      switch (defect) {
        case 0 -> first = pick(PLACEHOLDERS);
        case 1 -> ssn = "123-45-6789";
        case 2 -> ssn = "000-12-3456";
        case 3 -> birthText = "";
        case 4 ->
            birthText =
                String.format(
                    Locale.ROOT,
                    "%d/%d/%d",
                    birth.getMonthValue(),
                    birth.getDayOfMonth(),
                    birth.getYear());
        case 5 -> sex = pick(new String[] {"Male", "female", "U", ""});
        case 6 -> zip = zip + "-" + String.format(Locale.ROOT, "%04d", random.nextInt(10000));
        case 7 -> phone = "555-0100";
        case 8 -> last = "Dr. " + last + " Jr.";
        default -> {}
      }
    }
    long id = nextId++;
    return new String[] {
      String.format(Locale.ROOT, "R%07d", id),
      first,
      last,
      birthText,
      sex,
      ssn,
      (1 + random.nextInt(9999)) + " " + pick(STREETS),
      place[0],
      place[1],
      zip,
      phone,
      email,
      String.format(Locale.ROOT, "MRN%08d", 10_000_000 + random.nextInt(90_000_000)),
      String.format(Locale.ROOT, "MBR-%09d", random.nextInt(1_000_000_000)),
      admission.toString(),
      discharge.toString(),
      diagnoses(),
      String.format(Locale.ROOT, "%.1f", 4.5 + random.nextInt(60) / 10.0),
      String.format(Locale.ROOT, "%.2f", 100 + random.nextInt(5_000_000) / 100.0)
    };
  }

  private String validSsn() {
    int area;
    do {
      area = 1 + random.nextInt(899);
    } while (area == 666);
    return String.format(
        Locale.ROOT, "%03d-%02d-%04d", area, 1 + random.nextInt(99), 1 + random.nextInt(9999));
  }

  private String diagnoses() {
    int count = 1 + random.nextInt(3);
    StringBuilder codes = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        codes.append(';');
      }
      codes.append(pick(DIAGNOSES));
    }
    return codes.toString();
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static void appendCsv(StringBuilder line, String value) {
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0;
    if (!quote) {
      line.append(value);
      return;
    }
    line.append('"').append(value.replace("\"", "\"\"")).append('"');
  }
}
