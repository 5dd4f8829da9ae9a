import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@utrecht/component-library-css/dist/index.css';
import '@utrecht/design-tokens/dist/index.css';
import './app.css';
import { App } from './App';
import { DisplayApp } from './display/DisplayPage';
import { paths } from './router';

// A room's screen needs no sign-in: /display runs without the session's app.
const Root = location.pathname === paths.display() ? DisplayApp : App;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
