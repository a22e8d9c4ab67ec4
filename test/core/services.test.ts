import assert from 'node:assert/strict';
import { changeServiceCatalogue, countsUnderCurrentNames, currentServiceName, namesRecordedAs, type ServiceSettings } from '../../core/services';

describe('core: services over time', () => {
  const start: ServiceSettings = { services: ['Repairs', 'Rents', 'Lettings'] };

  it('adds, renames and retires; a service left out is retired, never lost', () => {
    const changed = changeServiceCatalogue(start, { services: ['Repairs', 'Rents', 'Estates'], rename: [{ from: 'Repairs', to: 'Property Repairs' }] });
    assert.deepEqual(changed, {
      services: ['Property Repairs', 'Rents', 'Estates'],
      retiredServices: ['Lettings'],
      formerServiceNames: { Repairs: 'Property Repairs' },
    });
  });

  it('follows a second rename without chains', () => {
    const once = changeServiceCatalogue(start, { services: start.services, rename: [{ from: 'Repairs', to: 'Property Repairs' }] }) as ServiceSettings;
    const twice = changeServiceCatalogue(once, { services: once.services, rename: [{ from: 'Property Repairs', to: 'Maintenance' }] }) as ServiceSettings;
    assert.deepEqual(twice.formerServiceNames, { Repairs: 'Maintenance', 'Property Repairs': 'Maintenance' });
    assert.equal(currentServiceName(twice, 'Repairs'), 'Maintenance');
    assert.deepEqual(namesRecordedAs(twice, ['Maintenance']).sort(), ['Maintenance', 'Property Repairs', 'Repairs']);
  });

  it('renames a retired service and brings a retired one back', () => {
    const retired = changeServiceCatalogue(start, { services: ['Repairs', 'Rents'], retire: ['Lettings'] }) as ServiceSettings;
    assert.deepEqual(retired.retiredServices, ['Lettings']);
    const renamed = changeServiceCatalogue(retired, { services: ['Repairs', 'Rents'], rename: [{ from: 'Lettings', to: 'Allocations' }] }) as ServiceSettings;
    assert.deepEqual(renamed.retiredServices, ['Allocations']);
    const back = changeServiceCatalogue(renamed, { services: ['Repairs', 'Rents', 'Allocations'] }) as ServiceSettings;
    assert.deepEqual(back.retiredServices, []);
  });

  it('refuses names that would mix two services’ histories', () => {
    const once = changeServiceCatalogue(start, { services: start.services, rename: [{ from: 'Repairs', to: 'Property Repairs' }] }) as ServiceSettings;
    assert.match(changeServiceCatalogue(once, { services: [...once.services, 'Repairs'] }) as string, /former name of "Property Repairs"/);
    assert.match(changeServiceCatalogue(once, { services: once.services, rename: [{ from: 'Rents', to: 'Lettings' }] }) as string, /already used/);
    assert.match(changeServiceCatalogue(once, { services: once.services, rename: [{ from: 'Nope', to: 'X' }] }) as string, /not one of/);
    assert.match(changeServiceCatalogue(once, { services: once.services, retire: ['Rents'] }) as string, /both offered and retired/);
  });

  it('adds a former name’s report counts into the current name’s', () => {
    const settings: ServiceSettings = { services: ['Maintenance'], formerServiceNames: { Repairs: 'Maintenance' } };
    const counts = { all: { received: 5 }, 'service:Repairs': { received: 3, closed: 1 }, 'service:Maintenance': { received: 2 }, 'contractor:Repairs': { received: 1 } };
    assert.deepEqual(countsUnderCurrentNames(counts, settings), { all: { received: 5 }, 'service:Maintenance': { received: 5, closed: 1 }, 'contractor:Repairs': { received: 1 } });
  });
});
