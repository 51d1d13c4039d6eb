/**
 * Controllers named by class: the IngressClass `spec.controller` and GatewayClass `spec.controllerName` of well-known
 * controllers, and container arguments that name the controller of a loaded class (or a loaded IngressClass).
 */
import type { ObjectLookup } from '../k8s/lookup.js';
import { ObjectMemo } from '../k8s/memo.js';
import { describeOf } from '../k8s/names.js';
import { asArray, asObject, asString, type K8sObject } from '../k8s/object.js';
import type { ContainerRef } from '../k8s/workload.js';
import type { Found } from './controller-evidence.js';
import { controllerIdOfName, type IngressControllerId } from './controller-ids.js';

interface ClassNames {
  /** Controller name → what declares it (`IngressClass nginx`) and the controller it is. */
  readonly controllers: ReadonlyMap<string, { source: string; controller: IngressControllerId | 'other' }>;
  /** IngressClass name → its controller. */
  readonly ingressClasses: ReadonlyMap<string, IngressControllerId | 'other'>;
}

const classNamesCache = new ObjectMemo<readonly K8sObject[], ObjectMemo<readonly K8sObject[], ClassNames>>();

/**
 * The controller names of the loaded IngressClasses and GatewayClasses, computed once per pair of lists (in the
 * webhook each request has its own index, but the class lists are the cluster cache's own arrays).
 */
function classNamesOf(index: ObjectLookup): ClassNames {
  const ingressClasses = index.ofKind('IngressClass');
  const gatewayClasses = index.ofKind('GatewayClass');
  let byGateway = classNamesCache.get(ingressClasses);
  if (byGateway === undefined) {
    byGateway = new ObjectMemo();
    classNamesCache.set(ingressClasses, byGateway);
  }
  const hit = byGateway.get(gatewayClasses);
  if (hit) return hit;
  const out = readClassNames(ingressClasses, gatewayClasses);
  byGateway.set(gatewayClasses, out);
  return out;
}

function readClassNames(ingressClassList: readonly K8sObject[], gatewayClassList: readonly K8sObject[]): ClassNames {
  const controllers = new Map<string, { source: string; controller: IngressControllerId | 'other' }>();
  const ingressClasses = new Map<string, IngressControllerId | 'other'>();
  for (const [kind, field, list] of [
    ['IngressClass', 'controller', ingressClassList],
    ['GatewayClass', 'controllerName', gatewayClassList],
  ] as const) {
    for (const cls of list) {
      const name = asString(asObject(cls.spec)?.[field]);
      if (name === undefined || name === '') continue;
      const controller = controllerIdOfName(name) ?? 'other';
      if (!controllers.has(name)) controllers.set(name, { source: describeOf(cls), controller });
      const clsName = cls.metadata?.name;
      if (kind === 'IngressClass' && typeof clsName === 'string') ingressClasses.set(clsName, controller);
    }
  }
  return { controllers, ingressClasses };
}

const INGRESS_CLASS_FLAG = /^--?(?:ingress-class|ingressclass|providers\.kubernetesingress\.ingressclass)=(.+)$/;
const CONTROLLER_FLAG = /^--?(?:controller-class|gateway-ctlr-name|controller-name|gateway-controller-name)=(.+)$/;

export function classEvidence(containers: readonly ContainerRef[], index: ObjectLookup): Found[] {
  const names = classNamesOf(index);
  const out: Found[] = [];
  for (const c of containers) {
    for (const field of ['command', 'args'] as const) {
      asArray(c.container[field]).forEach((raw, i) => {
        if (typeof raw !== 'string') return;
        const found = argEvidence(raw, names);
        if (found === undefined) return;
        out.push({
          controller: found.controller,
          evidence: { kind: 'class', detail: found.detail, path: [...c.path, field, i] },
          container: c,
        });
      });
    }
  }
  return out;
}

function argEvidence(
  arg: string,
  names: ClassNames,
): { controller: IngressControllerId | 'other'; detail: string } | undefined {
  const controllerFlag = CONTROLLER_FLAG.exec(arg)?.[1];
  if (controllerFlag !== undefined) {
    const loaded = names.controllers.get(controllerFlag);
    if (loaded) return { controller: loaded.controller, detail: `argument ${arg}, the controller of ${loaded.source}` };
    const known = controllerIdOfName(controllerFlag);
    if (known) return { controller: known, detail: `argument ${arg}` };
  }
  const classFlag = INGRESS_CLASS_FLAG.exec(arg)?.[1];
  if (classFlag !== undefined) {
    const controller = names.ingressClasses.get(classFlag);
    if (controller) return { controller, detail: `argument ${arg}, a loaded IngressClass` };
  }
  return undefined;
}
