import { render } from 'preact';
import { Timeline } from '@/components/Timeline';
import { watchActiveTab } from '@/lib/timeline/active-tab';
import { watchTimelineRequests } from '@/lib/timeline/request';
import { parsePanelParams } from '@/lib/timeline/url';
import '@/components/page.css';
import '@/components/timeline/timeline.css';

render(
  <Timeline
    initial={parsePanelParams(location.search)}
    watchPage={watchActiveTab}
    watchRequests={watchTimelineRequests}
  />,
  document.getElementById('app')!,
);
