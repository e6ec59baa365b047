/** Word lists for the generated centre: British first names, surnames, employers and towns. */

export const FIRST_NAMES: readonly string[] = [
  'Oliver', 'George', 'Harry', 'Jack', 'Jacob', 'Noah', 'Charlie', 'Thomas', 'Oscar', 'William',
  'James', 'Leo', 'Alfie', 'Henry', 'Joshua', 'Freddie', 'Archie', 'Ethan', 'Isaac', 'Alexander',
  'Joseph', 'Edward', 'Samuel', 'Max', 'Logan', 'Lucas', 'Daniel', 'Theo', 'Arthur', 'Mohammed',
  'Harrison', 'Benjamin', 'Mason', 'Finley', 'Sebastian', 'Adam', 'Dylan', 'Zachary', 'Riley', 'Callum',
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Emily', 'Sophia', 'Grace', 'Mia', 'Poppy', 'Ella',
  'Lily', 'Evie', 'Isabella', 'Sophie', 'Ivy', 'Freya', 'Harper', 'Willow', 'Charlotte', 'Jessica',
  'Rosie', 'Daisy', 'Alice', 'Florence', 'Phoebe', 'Chloe', 'Ruby', 'Sienna', 'Matilda', 'Eleanor',
  'Millie', 'Lucy', 'Hannah', 'Megan', 'Niamh', 'Aisha', 'Priya', 'Zara', 'Siobhan', 'Bethany',
  "Ciarán", 'Zoë', 'Anne-Marie', 'Rhys', 'Gethin', 'Eilidh', 'Kieran', 'Jasmine', 'Amir', 'Yusuf',
];

export const SURNAMES: readonly string[] = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill',
  'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen',
  'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths',
  'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy',
  'Miller', 'Cox', 'Richards', 'Khan', 'Marshall', 'Anderson', 'Simpson', 'Ellis', 'Adams', 'Singh',
  'Begum', 'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers', 'Gray', 'Mason', 'Ali',
  "O'Brien", "O'Connor", 'McDonald', 'MacLeod', 'Ahmed', 'Hussain', 'Fletcher', 'Barker', 'Lloyd', 'Holmes',
];

/** Employers' placements, "Employer - Town" as centres usually name them. */
export const EMPLOYERS: readonly string[] = [
  'Tesco', "Sainsbury's", 'Asda', 'Greggs', 'Boots', 'Co-op', 'Aldi', 'Morrisons', 'John Lewis', 'Halfords',
  'Lloyds Bank', 'NatWest', 'Aviva', 'Royal Mail', 'BT', 'Capita', 'Serco', 'Arriva', 'Northern Rail', 'Bupa',
  'Leeds City Council', 'Salford City Council', 'NHS Property Services', 'Kier Group', 'Travis Perkins',
];

export const TOWNS: readonly string[] = [
  'Manchester', 'Salford', 'Leeds', 'Bradford', 'Bolton', 'Stockport', 'Wigan', 'Oldham', 'Rochdale', 'Bury',
  'Wakefield', 'Huddersfield', 'Warrington', 'Preston', 'Sheffield', 'Liverpool', 'Chester', 'York',
];

/** Care-sector employers for the second organisation's placements. */
export const CARE_EMPLOYERS: readonly string[] = [
  'Sunrise Care Home', 'HC-One', 'Barchester Healthcare', 'Anchor Hanover', 'Four Seasons Health Care', 'Bupa Care Homes',
];

/** Letters only, accents folded: "Ciarán O'Brien" -> "CiaranOBrien". For MISIDs, usernames and emails. */
export function asciiLetters(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z]/g, '');
}
