import type { Department } from '../../lib/api';

export interface DepartmentNode extends Department {
  children: DepartmentNode[];
}

/** Builds the department forest; nodes whose parent is missing become roots. Children sorted by name. */
export function buildDepartmentTree(items: Department[]): DepartmentNode[] {
  const byId = new Map<string, DepartmentNode>();
  for (const d of items) byId.set(d.id, { ...d, children: [] });
  const roots: DepartmentNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (nodes: DepartmentNode[]) => {
    nodes.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    nodes.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** Ids of `id` and all its descendants (a department can't move under itself). */
export function descendantIds(items: Department[], id: string): Set<string> {
  const result = new Set<string>([id]);
  let changed = true;
  while (changed) {
    changed = false;
    for (const d of items) {
      if (d.parentId && result.has(d.parentId) && !result.has(d.id)) {
        result.add(d.id);
        changed = true;
      }
    }
  }
  return result;
}
