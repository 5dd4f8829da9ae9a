// Small pieces shared by the workspace screens.
export { RestrictedMarker as Restricted } from '../ui/Restricted';
