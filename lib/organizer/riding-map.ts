import { readFileSync } from "node:fs";
import path from "node:path";
import { geoArea, geoConicConformal, geoPath, type GeoContext, type GeoProjection } from "d3-geo";
import type { Geometry, MultiPolygon, Polygon, Position } from "geojson";
import type { GeometryCollection, Topology } from "topojson-specification";
import { feature } from "topojson-client";
import { presimplify, simplify, sphericalTriangleArea } from "topojson-simplify";

/** The ridings as SVG paths for the dashboard's choropleth, from data/ (TopoJSON). */
export interface RidingMap {
  width: number;
  height: number;
  /** One SVG path per riding, in viewBox units. */
  ridings: { fedNum: string; nameEn: string; nameFr: string; d: string }[];
  provinces: string[];
}

type RidingProperties = { fed_num: string; name_en: string; name_fr: string };
type Shape = Polygon | MultiPolygon | null;
type MapTopology = Topology<{ ridings: GeometryCollection<RidingProperties>; provinces: GeometryCollection }>;

const MAP_WIDTH = 1000;
/**
 * A national map needs little detail: Visvalingam simplification of the shared borders (so
 * neighbouring ridings still meet) drops points whose triangle is under this many steradians,
 * about a square pixel at this width, and islands under MAP_MIN_AREA square pixels are left out.
 */
const MAP_MIN_WEIGHT = 1e-6;
const MAP_MIN_AREA = 6;

/** Statistics Canada's Lambert conformal conic (standard parallels 49° and 77° N), fitted to the map's width. */
function canadaProjection(provinces: Parameters<GeoProjection["fitWidth"]>[1]): GeoProjection {
  return geoConicConformal().parallels([49, 77]).rotate([91.866667, 0]).center([0, 63.390675]).precision(0).fitWidth(MAP_WIDTH, provinces);
}

/**
 * A d3-geo path context writing compact SVG: whole viewBox units, relative moves, repeated
 * points dropped, and rings that round to fewer than minPoints points left out.
 */
class CompactPath implements GeoContext {
  private d = "";
  private ring: [number, number][] = [];

  constructor(private readonly minPoints: number) {}

  moveTo(x: number, y: number) {
    this.flush();
    this.ring = [[Math.round(x), Math.round(y)]];
  }

  lineTo(x: number, y: number) {
    const p: [number, number] = [Math.round(x), Math.round(y)];
    const last = this.ring[this.ring.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) this.ring.push(p);
  }

  closePath() {
    this.flush();
  }

  beginPath() {}

  arc() {}

  private flush() {
    const r = this.ring;
    this.ring = [];
    if (r.length < this.minPoints) return;
    if (r.length === 1) r.push(r[0]);
    let [x0, y0] = r[0];
    let d = `M${x0} ${y0}l`;
    for (const [x, y] of r.slice(1)) {
      d += `${x - x0} ${y - y0} `;
      [x0, y0] = [x, y];
    }
    this.d += `${d.trimEnd()}z`;
  }

  result(): string {
    this.flush();
    return this.d.replace(/ -/g, "-");
  }
}

function buildRidingMap(): RidingMap {
  const raw = JSON.parse(readFileSync(path.join(process.cwd(), "data", "fed_2023_ridings_provinces.topojson"), "utf8")) as MapTopology;
  const topo = simplify(presimplify(raw, sphericalTriangleArea), MAP_MIN_WEIGHT) as MapTopology;
  const fullRidings = feature(raw, raw.objects.ridings).features;
  const fullProvinces = feature(raw, raw.objects.provinces).features;
  const projection = canadaProjection(feature(raw, raw.objects.provinces));
  const area = geoPath(projection).area;
  /** null when simplifying broke the shape: nothing left to draw, or a ring turned inside out (d3-geo would fill the globe). */
  const draw = (geometry: Polygon | MultiPolygon | null, minPoints: number): string | null => {
    if (!geometry) return null;
    const all: Position[][][] = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    const polygons = all.filter((coordinates) => coordinates[0]?.length >= 4);
    if (polygons.some((coordinates) => geoArea({ type: "Polygon", coordinates }) > 2 * Math.PI)) return null;
    const areas = polygons.map((coordinates) => area({ type: "Polygon", coordinates }));
    const largest = Math.max(...areas);
    // Specks of islands go, but never a whole riding.
    const kept = polygons.filter((_, i) => areas[i] >= MAP_MIN_AREA || areas[i] === largest);
    const context = new CompactPath(minPoints);
    geoPath(projection, context)({ type: "MultiPolygon", coordinates: kept });
    return context.result() || null;
  };
  // A riding too small to survive simplification is drawn from its full borders, down to a dot.
  const pathOf = (simplified: Geometry | null, full: Geometry | null): string => draw(simplified as Shape, 3) ?? draw(full as Shape, 1) ?? "";
  const [, [, maxY]] = geoPath(projection).bounds(feature(raw, raw.objects.provinces));
  return {
    width: MAP_WIDTH,
    height: Math.ceil(maxY),
    ridings: feature(topo, topo.objects.ridings).features.map((f, i) => ({
      fedNum: f.properties.fed_num,
      nameEn: f.properties.name_en,
      nameFr: f.properties.name_fr,
      d: pathOf(f.geometry, fullRidings[i].geometry),
    })),
    provinces: feature(topo, topo.objects.provinces).features.map((f, i) => pathOf(f.geometry, fullProvinces[i].geometry)),
  };
}

let ridingMap: RidingMap | undefined;

/** The 343 ridings as SVG paths (Lambert projection, simplified for a national view), built once per process from data/. */
export function getRidingMap(): RidingMap {
  ridingMap ??= buildRidingMap();
  return ridingMap;
}
