import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectBench } from './api/bench';
import { BenchProvider } from './api/bench-context';
import './styles.css';

// Server state is pushed by engine events, so queries never go stale on a timer.
const client = new QueryClient({
  defaultOptions: { queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: 1 } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <BenchProvider bench={connectBench()}>
        <App />
      </BenchProvider>
    </QueryClientProvider>
  </StrictMode>,
);
