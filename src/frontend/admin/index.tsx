import ForgeReconciler from '@forge/react';
import { AdminApp } from './AdminApp';

ForgeReconciler.render(<AdminApp />);
