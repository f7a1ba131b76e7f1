import type { CSSProperties } from 'react';
import { cx } from './cx';
import { initialsOf } from './initials';

/** Dark enough for white initials at AA in both themes. */
const AVATAR_COLOURS = ['#4f46e5', '#0f766e', '#b45309', '#be185d', '#1d4ed8', '#7c3aed', '#15803d', '#475569', '#c2410c'];

function colourFor(seed: string): string {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) | 0;
  return AVATAR_COLOURS[Math.abs(hash) % AVATAR_COLOURS.length];
}

export interface AvatarProps {
  name: string;
  /** Picks the colour; defaults to the name (pass the user id so renamed users keep it). */
  seed?: string;
  src?: string | null;
  /** Pixels, default 24. */
  size?: number;
  className?: string;
  /** Hide from screen readers when the name is printed next to it. */
  decorative?: boolean;
}

export function Avatar({ name, seed, src, size = 24, className, decorative = false }: AvatarProps) {
  const style = { '--aos-avatar-size': `${size}px`, '--aos-avatar-bg': colourFor(seed ?? name) } as CSSProperties;
  const a11y = decorative ? { 'aria-hidden': true as const } : { role: 'img', 'aria-label': name, title: name };
  return (
    <span className={cx('aos-avatar', className)} style={style} {...a11y}>
      {src ? <img src={src} alt="" /> : <span className="aos-avatar__initials">{initialsOf(name)}</span>}
    </span>
  );
}
