import { cloudResourceId } from './ids.ts';

/** One cloud and folder per host process, as a real deployment lives in one folder. */
export const LOCAL_CLOUD_ID = cloudResourceId('b1g');
export const LOCAL_FOLDER_ID = cloudResourceId('b1g');
