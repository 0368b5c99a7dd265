/**
 * Users of the workflow platform: `QuserView` (what a QUSER data item or config holds), the test
 * API's `engine.createQuser(id, name, email)`, and `quserDao`, which finds the users a test made.
 */
import { requireNumber, requireString } from './java-checks';
import { state } from './state';

export class Quser {
  private readonly id: number;
  private readonly name: string;
  private readonly email: string;

  constructor(id: number, name: string, email: string) {
    this.id = id;
    this.name = name;
    this.email = email;
  }

  getId(): number {
    return this.id;
  }

  getName(): string {
    return this.name;
  }

  getEmail(): string {
    return this.email;
  }

  equals(other: unknown): boolean {
    return other instanceof Quser && other.id === this.id;
  }

  toString(): string {
    return `${this.name} <${this.email}>`;
  }
}

export function isQuser(value: unknown): value is Quser {
  return value instanceof Quser;
}

export function createQuser(id: number, name: string, email: string): Quser {
  const method = 'engine.createQuser';
  const user = new Quser(requireNumber(id, method, 'id'), requireString(name, method, 'name'), requireString(email, method, 'email'));
  state.users.push(user);
  return user;
}

export const quserDao: QuestetraQuserDao = {
  findByEmail(email: string): QuserView | null {
    requireString(email, 'quserDao.findByEmail', 'email');
    return state.users.find((user) => user.getEmail() === email) ?? null;
  },
  findById(id: number): QuserView | null {
    requireNumber(id, 'quserDao.findById', 'id');
    return state.users.find((user) => user.getId() === id) ?? null;
  },
};
