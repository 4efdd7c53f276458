import ForgeReconciler from '@forge/react';
import { WithMessages } from '../shared/messages';
import { MacroApp } from './MacroApp';
import { MacroConfig } from './MacroConfig';

ForgeReconciler.render(
  <WithMessages>
    <MacroApp />
  </WithMessages>,
);
ForgeReconciler.addConfig(
  <WithMessages quiet>
    <MacroConfig />
  </WithMessages>,
);
