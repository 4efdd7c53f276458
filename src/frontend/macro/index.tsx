import ForgeReconciler from '@forge/react';
import { MacroApp } from './MacroApp';

ForgeReconciler.render(<MacroApp />);
