import type { SandboxStore } from '../store';
import type { FrameworkTemplateRecord, StandardRecord, TemplateStandard, UnitId, UnitRecord } from '../records';

/**
 * Apprenticeship standards with their units, and framework templates over them, for
 * both organisations. IDs are fixed so tests can name them; some unit IDs are text
 * (`KS_COMM1`) because OneFile's are too.
 */
interface StandardSpec {
  id: number;
  organisationId: number;
  title: string;
  reference: string;
  level: number;
  /** [text ID or null for the next integer ID, title] */
  units: [string | null, string][];
}

const BUSINESS = 5740;
const CARE = 5741;
const FIRST_INTEGER_UNIT_ID = 60001;

const STANDARDS: StandardSpec[] = [
  {
    id: 4001, organisationId: BUSINESS, title: 'Business Administrator Level 3', reference: 'ST0070', level: 3,
    units: [
      ['KS_ORG1', 'Organisational purpose and values'],
      ['KS_COMM1', 'Communications: written and verbal'],
      [null, 'Stakeholder management'],
      [null, 'Record and document production'],
      [null, 'Business processes and project management'],
      ['EPA_BA3', 'End-point assessment gateway'],
    ],
  },
  {
    id: 4002, organisationId: BUSINESS, title: 'Customer Service Practitioner Level 2', reference: 'ST0072', level: 2,
    units: [
      [null, 'Knowing your customers'],
      [null, 'Customer experience'],
      ['KS_COMM2', 'Communication with customers'],
      [null, 'Systems and resources'],
      [null, 'Product and service knowledge'],
      [null, 'End-point assessment gateway'],
    ],
  },
  {
    id: 4003, organisationId: BUSINESS, title: 'Team Leader / Supervisor Level 3', reference: 'ST0384', level: 3,
    units: [
      [null, 'Leading people'],
      [null, 'Managing people'],
      [null, 'Building relationships'],
      ['KS_COMM3', 'Communication and influencing'],
      [null, 'Operational management'],
      [null, 'Project management'],
      [null, 'Finance'],
    ],
  },
  {
    id: 4004, organisationId: BUSINESS, title: 'Data Analyst Level 4', reference: 'ST0118', level: 4,
    units: [
      [null, 'Data architecture'],
      [null, 'Data structures and types'],
      [null, 'Data quality and governance'],
      [null, 'Statistical methods'],
      [null, 'Data visualisation and reporting'],
      [null, 'Data protection legislation (GDPR)'],
    ],
  },
  {
    id: 4005, organisationId: BUSINESS, title: 'Functional Skills English Level 2', reference: 'FS-ENG-L2', level: 2,
    units: [
      ['FS_ENG2_SLC', 'Speaking, listening and communicating'],
      ['FS_ENG2_R', 'Reading'],
      ['FS_ENG2_W', 'Writing'],
    ],
  },
  {
    id: 4006, organisationId: BUSINESS, title: 'Functional Skills Maths Level 2', reference: 'FS-MATHS-L2', level: 2,
    units: [
      [null, 'Using numbers and the number system'],
      [null, 'Using common measures, shape and space'],
      [null, 'Handling information and data'],
    ],
  },
  {
    id: 4101, organisationId: CARE, title: 'Adult Care Worker Level 2', reference: 'ST0005', level: 2,
    units: [
      [null, 'The role of the adult care worker'],
      [null, 'Person-centred care and support'],
      [null, 'Safeguarding adults'],
      [null, 'Health and safety in care settings'],
      ['CARE_CERT', 'The Care Certificate'],
    ],
  },
  {
    id: 4102, organisationId: CARE, title: 'Lead Adult Care Worker Level 3', reference: 'ST0006', level: 3,
    units: [
      [null, 'Leading person-centred practice'],
      [null, 'Duty of care'],
      [null, 'Safeguarding and protection'],
      [null, 'Communication in care settings'],
    ],
  },
];

interface TemplateSpec {
  id: number;
  organisationId: number;
  name: string;
  startOn: string;
  months: number;
  standardIds: number[];
}

const TEMPLATES: TemplateSpec[] = [
  { id: 801, organisationId: BUSINESS, name: 'Business Administrator L3 - 18 months', startOn: '2025-09-01', months: 18, standardIds: [4001] },
  { id: 802, organisationId: BUSINESS, name: 'Customer Service Practitioner L2 with English', startOn: '2025-09-01', months: 12, standardIds: [4002, 4005] },
  { id: 803, organisationId: BUSINESS, name: 'Team Leader / Supervisor L3 with Functional Skills', startOn: '2025-10-06', months: 15, standardIds: [4003, 4005, 4006] },
  { id: 804, organisationId: BUSINESS, name: 'Data Analyst L4 - 24 months', startOn: '2026-01-05', months: 24, standardIds: [4004] },
  { id: 811, organisationId: CARE, name: 'Adult Care Worker L2 - 12 months', startOn: '2025-09-01', months: 12, standardIds: [4101] },
];

/** `YYYY-MM-DD` plus whole months, as OneFile's midnight-UTC ISO text. */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1 + months, day)).toISOString();
}

export function seedProgrammes(store: SandboxStore): void {
  let nextUnitId = FIRST_INTEGER_UNIT_ID;
  for (const spec of STANDARDS) {
    const standard: StandardRecord = {
      ID: spec.id,
      OrganisationID: spec.organisationId,
      Title: spec.title,
      Reference: spec.reference,
      Level: spec.level,
    };
    store.load('standards', standard);
    for (const [textId, title] of spec.units) {
      const unit: UnitRecord = { ID: textId ?? nextUnitId++, StandardID: spec.id, OrganisationID: spec.organisationId, Title: title };
      store.load('units', unit);
    }
  }
  for (const spec of TEMPLATES) store.load('templates', buildTemplate(store, spec));
}

/** Each standard spans the whole course; its units follow one another across it. */
function buildTemplate(store: SandboxStore, spec: TemplateSpec): FrameworkTemplateRecord {
  const standards: TemplateStandard[] = spec.standardIds.map((standardId) => {
    const unitIds: UnitId[] = store.all('units').filter((u) => u.StandardID === standardId).map((u) => u.ID);
    return {
      StandardID: standardId,
      StartOn: addMonths(spec.startOn, 0),
      PlannedEndDate: addMonths(spec.startOn, spec.months),
      Weighting: Math.round(100 / spec.standardIds.length),
      Units: unitIds.map((unitId, index) => ({
        UnitID: unitId,
        StartOn: addMonths(spec.startOn, Math.floor((index * spec.months) / unitIds.length)),
        PlannedEndDate: addMonths(spec.startOn, Math.floor(((index + 1) * spec.months) / unitIds.length)),
        Weighting: Math.round(100 / unitIds.length),
      })),
    };
  });
  return { ID: spec.id, OrganisationID: spec.organisationId, Name: spec.name, Standards: standards };
}
