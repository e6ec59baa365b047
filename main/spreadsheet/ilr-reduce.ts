import { fileByteSource } from './byte-source';
import { detectFileKind } from './file-kind';
import type { IlrLearner } from './ilr-learner';
import { walkIlr } from './ilr-walk';
import { writePrivateFileStreamed } from '../private-files';

/**
 * An ILR handed to the app as bytes (dropped on the window, or uploaded in browser
 * mode) has to be kept on disk so it can be read again (the "include ended learners"
 * switch) and a run can record where its rows came from. The ILR holds far more than
 * the import maps (ethnicity, health, prior attainment, funding), and none of that may
 * be written anywhere by the importer: so the copy is replaced by an ILR of the same
 * learners holding only the elements the reader keeps (./ilr-learner). Read again, it
 * gives exactly the same rows.
 */

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function elements(values: Map<string, string>, indent: string): string {
  let xml = '';
  for (const [name, value] of values) if (value !== '') xml += `${indent}<${name}>${escape(value)}</${name}>\n`;
  return xml;
}

/** One learner with only what the reader keeps, in the ILR's own element names. */
export function reducedLearnerXml(learner: IlrLearner): string {
  let xml = `  <Learner>\n${elements(learner.fields, '    ')}`;
  for (const status of learner.employments) xml += `    <LearnerEmploymentStatus>\n${elements(status, '      ')}    </LearnerEmploymentStatus>\n`;
  for (const delivery of learner.deliveries) xml += `    <LearningDelivery>\n${elements(delivery, '      ')}    </LearningDelivery>\n`;
  return `${xml}  </Learner>\n`;
}

/**
 * Rewrites the file in place as its reduced ILR, when it is an XML file; any other file
 * is left as it is (false). A file that is not a readable ILR fails with the reader's
 * SpreadsheetError, and is left untouched for the caller to delete.
 */
export async function reduceIlrCopy(filePath: string): Promise<boolean> {
  const source = await fileByteSource(filePath);
  if ((await detectFileKind(source)) !== 'xml') return false;
  // Written to a temporary file and renamed over the copy once whole (writePrivateFileStreamed).
  await writePrivateFileStreamed(filePath, async (out) => {
    const write = (text: string) => new Promise<void>((resolve, reject) => out.write(text, (error) => (error ? reject(error) : resolve())));
    let pending: Promise<void> = Promise.resolve();
    await walkIlr(
      source,
      (learner) => {
        const text = reducedLearnerXml(learner);
        pending = pending.then(() => write(text));
      },
      (namespace) => {
        pending = pending.then(() => write(`<?xml version="1.0" encoding="utf-8"?>\n<Message xmlns="${escape(namespace)}">\n`));
      },
    );
    await pending;
    await write('</Message>\n');
    out.end();
  });
  return true;
}
