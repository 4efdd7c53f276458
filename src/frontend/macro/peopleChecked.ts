import { createContext } from 'react';

/**
 * Whether the answer checked the people its layers name for this viewer (`peopleChecked`): the
 * lists deep in the tabs say how many they could not check only then, so a viewer who may not
 * browse people is not told of a check that was never theirs to make.
 */
export const PeopleChecked = createContext(false);
