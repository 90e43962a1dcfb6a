/**
 * The contrast an SVG icon has on n8n's node backgrounds, computed as n8n's `icon-contrast` rule
 * does (packages/@n8n/eslint-plugin-community-nodes/src/utils/icon-contrast.ts in n8n's
 * repository): every fill, stroke and stop-color, from attributes, style attributes and <style>
 * blocks; the best WCAG ratio among them counts. The rule's color and XML libraries are not
 * installed here, so this reads the few color forms SVG icons use and throws on any other, rather
 * than pass an icon it could not read.
 */

export interface Rgba {
	r: number;
	g: number;
	b: number;
	alpha: number;
}

/** White for the light theme, #2b2b2b for the dark one, as the rule sets them. */
export const NODE_BACKGROUNDS = {
	light: { r: 1, g: 1, b: 1, alpha: 1 },
	dark: { r: 43 / 255, g: 43 / 255, b: 43 / 255, alpha: 1 },
} as const;

/** The rule's default minimum (it warns below it). */
export const MINIMUM_CONTRAST_RATIO = 1.5;

const BLACK: Rgba = { r: 0, g: 0, b: 0, alpha: 1 };
const NAMED: Record<string, Rgba> = {
	black: BLACK,
	white: { r: 1, g: 1, b: 1, alpha: 1 },
	transparent: { r: 0, g: 0, b: 0, alpha: 0 },
};

function parseHex(hex: string): Rgba {
	const digits = hex.length <= 4 ? [...hex].map((digit) => digit + digit).join('') : hex;
	const channel = (index: number) => parseInt(digits.slice(index * 2, index * 2 + 2), 16) / 255;
	return {
		r: channel(0),
		g: channel(1),
		b: channel(2),
		alpha: digits.length === 8 ? channel(3) : 1,
	};
}

function parseRgbFunction(body: string): Rgba {
	const parts = body.split(/[\s,/]+/).filter((part) => part !== '');
	const number = (part: string, scale: number) =>
		part.endsWith('%') ? parseFloat(part) / 100 : parseFloat(part) / scale;
	return {
		r: number(parts[0], 255),
		g: number(parts[1], 255),
		b: number(parts[2], 255),
		alpha: parts[3] === undefined ? 1 : number(parts[3], 1),
	};
}

/** A paint value as a color; `undefined` for paint that is no color (none, url(#gradient)). */
export function parsePaint(value: string): Rgba | undefined {
	const paint = value.trim().toLowerCase();
	if (paint === 'none' || paint.startsWith('url(')) return undefined;
	// An icon is drawn as an image: it inherits no color, so the rule counts these as black.
	if (paint === 'currentcolor') return BLACK;
	const variable = /^var\(\s*--[^,()]+(?:,\s*(.+))?\)$/s.exec(paint);
	if (variable) return parsePaint(variable[1] ?? '#000');
	const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(paint);
	if (hex) return parseHex(hex[1]);
	const rgb = /^rgba?\((.*)\)$/.exec(paint);
	if (rgb) return parseRgbFunction(rgb[1]);
	if (paint in NAMED) return NAMED[paint];
	throw new Error(`the icon uses the paint "${value}", which this check cannot read`);
}

function luminance(color: Rgba): number {
	const linear = (channel: number) => {
		const value = Math.max(0, Math.min(1, channel));
		return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b);
}

/** WCAG contrast of a paint, blended over the background by its alpha, against that background. */
export function contrastRatio(paint: Rgba, background: Rgba): number {
	const alpha = Math.max(0, Math.min(1, paint.alpha));
	const blend = (front: number, back: number) => front * alpha + back * (1 - alpha);
	const shown: Rgba = {
		r: blend(paint.r, background.r),
		g: blend(paint.g, background.g),
		b: blend(paint.b, background.b),
		alpha: 1,
	};
	const [lighter, darker] = [luminance(shown), luminance(background)].sort((a, b) => b - a);
	return (lighter + 0.05) / (darker + 0.05);
}

/** Every paint color an SVG declares; `null` where the rule skips the icon (embedded images). */
export function paintColors(svg: string): Rgba[] | null {
	if (/<image[\s>]/i.test(svg)) return null;
	const declarations: Array<[property: string, value: string]> = [];
	for (const match of svg.matchAll(/\s(fill|stroke|stop-color)\s*=\s*("([^"]*)"|'([^']*)')/gi)) {
		declarations.push([match[1], match[3] ?? match[4]]);
	}
	const styles = [
		...[...svg.matchAll(/\sstyle\s*=\s*("([^"]*)"|'([^']*)')/gi)].map((m) => m[2] ?? m[3]),
		...[...svg.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]),
	];
	for (const style of styles) {
		for (const match of style.matchAll(/(?:^|[;{])\s*(fill|stroke|stop-color)\s*:\s*([^;}]+)/gi)) {
			declarations.push([match[1], match[2].trim()]);
		}
	}
	const hasUrlPaint = declarations.some(([, value]) => /url\(/i.test(value));
	if (hasUrlPaint && !/<stop[\s>/]/i.test(svg)) return null;
	const colors = declarations
		.map(([, value]) => parsePaint(value))
		.filter((color): color is Rgba => color !== undefined);
	// SVG fills a shape black when nothing says otherwise.
	if (!declarations.some(([property]) => property.toLowerCase() === 'fill')) colors.push(BLACK);
	return colors;
}

/** The best contrast any of the icon's paints has on the background. */
export function bestContrast(svg: string, background: Rgba): number | null {
	const colors = paintColors(svg);
	if (colors === null || colors.length === 0) return null;
	return Math.max(...colors.map((color) => contrastRatio(color, background)));
}
