// Opening checkpoint.pchat for a branch: the framing, the header field by field, the build that wrote
// it, and the scenario it records, which must still give the configuration it was written from. Each
// refusal is one line naming the file.
import { existsSync, statSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { buildLabel, currentBuild } from '../../io/build-id.js';
import {
  CheckpointDamaged,
  fileSha256,
  readCheckpointFrame,
  type MemberPlace,
} from '../../io/checkpoint/checkpoint-file.js';
import { parseHeader, type CheckpointHeader } from '../../io/checkpoint/checkpoint-header.js';
import type { SimConfig } from '../../model/config.js';
import { scenarioFromObject } from '../../scenario/load.js';
import { configFingerprint } from '../run/checkpoint.js';

/** A checkpoint a branch may start from. */
export interface OpenCheckpoint {
  readonly path: string;
  readonly header: CheckpointHeader;
  /** Where each replication's member lies, in the header's order. */
  readonly members: readonly MemberPlace[];
  /** The configuration it was written from. */
  readonly config: SimConfig;
}

const damaged = (path: string, why: string): UsageError =>
  new UsageError(`${path}: a damaged checkpoint (${why}); write it again with pchat-sim run --checkpoint-at`);

/**
 * Opens `path`, every member's bytes checked against the header's SHA-256 (streamed, not decompressed).
 * @throws UsageError (one line) when it is missing, damaged or of another build
 */
export async function openCheckpoint(path: string): Promise<OpenCheckpoint> {
  if (!existsSync(path) || !statSync(path).isFile())
    throw new UsageError(`${path}: no such checkpoint file (pchat-sim run --checkpoint-at T writes one)`);
  let header: CheckpointHeader | undefined;
  let members: MemberPlace[];
  try {
    ({ members } = readCheckpointFrame(path, (text) => {
      const parsed = parseHeader(text);
      if ('problem' in parsed) throw new CheckpointDamaged(parsed.problem);
      header = parsed.ok;
      return header.replications.length;
    }));
  } catch (e) {
    if (e instanceof CheckpointDamaged) throw damaged(path, e.message);
    throw e;
  }
  if (header === undefined) throw damaged(path, 'no header');
  const build = currentBuild();
  if (header.build.id !== build.id)
    throw new UsageError(
      `${path}: written by another build of pchat-sim (${buildLabel(header.build)}); this is ${buildLabel(build)}: run the scenario again with this build to checkpoint it`,
    );
  let config: SimConfig;
  try {
    config = scenarioFromObject(header.scenario, header.scenarioFile);
  } catch {
    throw damaged(path, 'its scenario is not valid');
  }
  if (configFingerprint(config) !== header.fingerprint)
    throw damaged(path, 'its scenario does not give the configuration it was written from');
  if (!(header.atS < config.durationS)) throw damaged(path, 'its instant is not within the run');
  for (let k = 0; k < members.length; k++) {
    const place = members[k] as MemberPlace;
    if ((await fileSha256(path, place)) !== header.replications[k]?.sha256)
      throw damaged(path, `member ${k}'s bytes are not those written`);
  }
  return { path, header, members, config };
}
