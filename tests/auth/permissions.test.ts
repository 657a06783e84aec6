import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../db/schema';
import { maskPhone, normalizePhone } from '../../src/lib/server/auth';
import { can, type Actor } from '../../src/lib/server/permissions';

const actor = (role: Role, id = 1): Actor => ({ id, role, departmentId: role === 'department_staff' ? 1 : null, gridCellId: role === 'grid_worker' ? 1 : null });

describe('permissions', () => {
  it('lets nobody who is logged out do anything but read the city', () => {
    expect(can(null, 'staff.workspace')).toBe(false);
    expect(can(null, 'users.manage')).toBe(false);
    expect(can(null, 'audit.browse')).toBe(false);
    expect(can(null, 'city.import')).toBe(false);
    expect(can(null, 'account.read', { userId: 1 })).toBe(false);
  });

  it.each(ROLES)('opens the staff workspace only to staff roles (%s)', (role) => {
    expect(can(actor(role), 'staff.workspace')).toBe(['department_staff', 'grid_worker', 'moderator', 'admin'].includes(role));
  });

  it.each(ROLES)('keeps user management, the audit log, city import and settings to admins (%s)', (role) => {
    const isAdmin = role === 'admin';
    expect(can(actor(role), 'users.manage')).toBe(isAdmin);
    expect(can(actor(role), 'audit.browse')).toBe(isAdmin);
    expect(can(actor(role), 'city.import')).toBe(isAdmin);
    expect(can(actor(role), 'settings.update')).toBe(isAdmin);
  });

  it.each(ROLES)("lets a %s read and change only their own account (admins may read others')", (role) => {
    expect(can(actor(role, 5), 'account.read', { userId: 5 })).toBe(true);
    expect(can(actor(role, 5), 'account.update', { userId: 5 })).toBe(true);
    expect(can(actor(role, 5), 'account.read', { userId: 6 })).toBe(role === 'admin');
    expect(can(actor(role, 5), 'account.update', { userId: 6 })).toBe(false);
  });
});

describe('phone numbers', () => {
  it('accepts mainland mobile numbers in the ways people type them', () => {
    expect(normalizePhone('13812345678')).toBe('13812345678');
    expect(normalizePhone('+86 138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('0086-138-1234-5678')).toBe('13812345678');
  });

  it('refuses what is not a mainland mobile number', () => {
    for (const bad of ['', '1381234567', '138123456789', '12812345678', '02312345678', 'abcdefghijk']) {
      expect(normalizePhone(bad)).toBeNull();
    }
  });

  it('masks the middle four digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone(null)).toBe('');
  });
});
