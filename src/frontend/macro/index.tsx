import ForgeReconciler from '@forge/react';
import { MacroApp } from './MacroApp';
import { MacroConfig } from './MacroConfig';

ForgeReconciler.render(<MacroApp />);
ForgeReconciler.addConfig(<MacroConfig />);
