import ForgeReconciler from '@forge/react';
import { WithMessages } from '../shared/messages';
import { AdminApp } from './AdminApp';

ForgeReconciler.render(
  <WithMessages>
    <AdminApp />
  </WithMessages>,
);
