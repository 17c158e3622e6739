import { describe, expect, it } from "vitest";
import type { InlineNode } from "../../shared/bulletin/body-schema";
import { bulletinSchema, type Bulletin } from "../../shared/bulletin/schema";
import { parseBulletin } from "../../server/import/parse-bulletin";

/**
 * Bulletins laid out the way other Mexican press offices write them (municipal,
 * state, federal): the dateline opening the first paragraph, other date forms,
 * issuer and label lines, numbers elsewhere, highlights without bullets.
 */

function inlineText(content: InlineNode[] | undefined): string {
  return (content ?? []).map((node) => (node.type === "text" ? node.text : "\n")).join("");
}

function firstParagraph(bulletin: Bulletin): string {
  const block = bulletin.body.content[0];
  return block && block.type === "paragraph" ? inlineText(block.content) : "";
}

interface Case {
  name: string;
  text: string;
  place: string | null;
  date: string | null;
  title: string;
  number: { seq: number; year: number } | null;
  first: string;
  highlights?: string[];
  /** Warnings that must be present (substrings). */
  warns?: string[];
  /** Substrings no warning may contain. */
  noWarn?: string[];
}

const crlf = (lines: string[]) => lines.join("\r\n");
const lf = (lines: string[]) => lines.join("\n");

const inlineDateline: Case[] = [
  {
    name: "municipal, place with state and `a`, `.-`",
    text: lf([
      "Rehabilitan la unidad deportiva de la colonia Libertad",
      "",
      "Tijuana, Baja California, a 27 de octubre de 2020.- El sábado, el Ayuntamiento entregó la unidad deportiva rehabilitada a los vecinos de la colonia.",
      "",
      "La obra tuvo una inversión de 3 millones de pesos.",
    ]),
    place: "Tijuana, Baja California",
    date: "2020-10-27",
    title: "Rehabilitan la unidad deportiva de la colonia Libertad",
    number: null,
    first: "El sábado, el Ayuntamiento entregó la unidad deportiva rehabilitada a los vecinos de la colonia.",
    noWarn: ["línea de fecha"],
  },
  {
    name: "federal, capitals, en dash, CRLF",
    text: crlf([
      "Comunicado No. 045/2024",
      "",
      "El IMSS amplía el horario de sus guarderías",
      "",
      "CIUDAD DE MÉXICO, 3 de marzo de 2024.– El Instituto Mexicano del Seguro Social informó que las guarderías abrirán hasta las 20:00 horas.",
      "",
      "El programa inicia en abril.",
    ]),
    place: "Ciudad de México",
    date: "2024-03-03",
    title: "El IMSS amplía el horario de sus guarderías",
    number: { seq: 45, year: 2024 },
    first: "El Instituto Mexicano del Seguro Social informó que las guarderías abrirán hasta las 20:00 horas.",
    noWarn: ["número", "línea de fecha"],
  },
  {
    name: "state, dateline alone on the paragraph's first line",
    text: lf([
      "Entrega Gobierno del Estado becas a estudiantes de Mérida",
      "",
      "Mérida, Yucatán, a 14 de abril de 2020.-",
      "El Gobierno del Estado entregó 2 mil becas a estudiantes de secundaria.",
      "",
      "Las becas son de 500 pesos mensuales.",
    ]),
    place: "Mérida, Yucatán",
    date: "2020-04-14",
    title: "Entrega Gobierno del Estado becas a estudiantes de Mérida",
    number: null,
    first: "El Gobierno del Estado entregó 2 mil becas a estudiantes de secundaria.",
  },
  {
    name: "numeric date in parentheses",
    text: lf([
      "Boletín 386",
      "",
      "Inicia campaña de vacunación antirrábica",
      "",
      "Ciudad (16-01-2016).- La Secretaría de Salud inició la campaña de vacunación antirrábica en todo el municipio.",
    ]),
    place: "Ciudad",
    date: "2016-01-16",
    title: "Inicia campaña de vacunación antirrábica",
    number: { seq: 386, year: 2016 },
    first: "La Secretaría de Salud inició la campaña de vacunación antirrábica en todo el municipio.",
  },
  {
    name: "em dash, weekday in capitals, `del`",
    text: lf([
      "Inauguran   el mercado municipal de Zapopan",
      "",
      "Zapopan, Jalisco, LUNES 7 de diciembre del 2020.— Con una inversión de 40 millones de pesos, el alcalde inauguró el mercado.",
    ]),
    place: "Zapopan, Jalisco",
    date: "2020-12-07",
    title: "Inauguran el mercado municipal de Zapopan",
    number: null,
    first: "Con una inversión de 40 millones de pesos, el alcalde inauguró el mercado.",
  },
  {
    name: "semicolon between place and date, weekday",
    text: crlf([
      "Mexicali recibe la Feria del Libro",
      "",
      "Mexicali, Baja California; martes 27 de octubre de 2020.- La Feria del Libro abrió sus puertas con 120 editoriales.",
    ]),
    place: "Mexicali, Baja California",
    date: "2020-10-27",
    title: "Mexicali recibe la Feria del Libro",
    number: null,
    first: "La Feria del Libro abrió sus puertas con 120 editoriales.",
  },
  {
    name: "period between place and date",
    text: lf([
      "Coahuila presenta su plan de seguridad",
      "",
      "Saltillo, Coahuila. 6 de septiembre de 2017.- El gobernador presentó el plan estatal de seguridad ante los alcaldes.",
    ]),
    place: "Saltillo, Coahuila",
    date: "2017-09-06",
    title: "Coahuila presenta su plan de seguridad",
    number: null,
    first: "El gobernador presentó el plan estatal de seguridad ante los alcaldes.",
  },
  {
    name: "month first",
    text: lf([
      "Celebran el Grito de Independencia en Monterrey",
      "",
      "Monterrey, Nuevo León, Septiembre 15 de 2017.- Miles de familias acudieron a la explanada de los héroes.",
    ]),
    place: "Monterrey, Nuevo León",
    date: "2017-09-15",
    title: "Celebran el Grito de Independencia en Monterrey",
    number: null,
    first: "Miles de familias acudieron a la explanada de los héroes.",
  },
  {
    name: "numeric date with slashes and a bare dash",
    text: lf([
      "Reparan 200 luminarias en el centro",
      "",
      "Oaxaca de Juárez, 16/01/2016 – Cuadrillas de alumbrado público repararon 200 luminarias.",
    ]),
    place: "Oaxaca de Juárez",
    date: "2016-01-16",
    title: "Reparan 200 luminarias en el centro",
    number: null,
    first: "Cuadrillas de alumbrado público repararon 200 luminarias.",
  },
  {
    name: "`.-` between place and date as well as after it",
    text: lf([
      "Entrega el gobernador patrullas a municipios",
      "",
      "Ciudad Victoria, Tamaulipas.- 12 de agosto de 2020.- El gobernador entregó 50 patrullas.",
    ]),
    place: "Ciudad Victoria, Tamaulipas",
    date: "2020-08-12",
    title: "Entrega el gobernador patrullas a municipios",
    number: null,
    first: "El gobernador entregó 50 patrullas.",
  },
  {
    name: "whole dateline in capitals with a state abbreviation",
    text: crlf([
      "CONCLUYE LA TEMPORADA DE HURACANES",
      "",
      "CULIACÁN, SIN., 30 DE OCTUBRE DE 2023.- Protección Civil cerró la temporada sin víctimas.",
    ]),
    place: "Culiacán, Sin.",
    date: "2023-10-30",
    title: "CONCLUYE LA TEMPORADA DE HURACANES",
    number: null,
    first: "Protección Civil cerró la temporada sin víctimas.",
  },
  {
    name: "colon after the date",
    text: lf([
      "Firma Coahuila convenio con universidades",
      "",
      "Saltillo, Coahuila, 6 de septiembre de 2017: El gobernador firmó el convenio con seis universidades.",
    ]),
    place: "Saltillo, Coahuila",
    date: "2017-09-06",
    title: "Firma Coahuila convenio con universidades",
    number: null,
    first: "El gobernador firmó el convenio con seis universidades.",
  },
  {
    name: "state abbreviation in capitals, tab and non-breaking spaces",
    text: crlf([
      "Vacunan a 10 mil niños en la frontera",
      "",
      "TIJUANA, B.C.,\u00a0a  12 de marzo de 2019.-\tLa Jurisdicción Sanitaria aplicó 10 mil vacunas.",
    ]),
    place: "Tijuana, B.C.",
    date: "2019-03-12",
    title: "Vacunan a 10 mil niños en la frontera",
    number: null,
    first: "La Jurisdicción Sanitaria aplicó 10 mil vacunas.",
  },
  {
    name: "IMSS-like top (label, date-less number, bullets) and the dateline in the body",
    text: lf([
      "BOLETÍN DE PRENSA",
      "",
      "No. 120/2023.",
      "",
      "Abre el IMSS una nueva clínica en Tlaxcala",
      "",
      "- Atenderá a 80 mil derechohabientes",
      "- Tiene 20 consultorios",
      "",
      "Tlaxcala, Tlaxcala, 9 de junio de 2023.- El Instituto Mexicano del Seguro Social abrió la Unidad de Medicina Familiar.",
      "",
      "---o0o---",
    ]),
    place: "Tlaxcala, Tlaxcala",
    date: "2023-06-09",
    title: "Abre el IMSS una nueva clínica en Tlaxcala",
    number: { seq: 120, year: 2023 },
    first: "El Instituto Mexicano del Seguro Social abrió la Unidad de Medicina Familiar.",
    highlights: ["Atenderá a 80 mil derechohabientes", "Tiene 20 consultorios"],
    noWarn: ["fecha", "número", "destacados"],
  },
  {
    name: "CDMX, month first with a comma, weekday",
    text: lf([
      "Presentan el Plan Hídrico de la capital",
      "",
      "CDMX, jueves, Marzo 7, 2024.- La Jefatura de Gobierno presentó el plan.",
    ]),
    place: "CDMX",
    date: "2024-03-07",
    title: "Presentan el Plan Hídrico de la capital",
    number: null,
    first: "La Jefatura de Gobierno presentó el plan.",
  },
  {
    name: "date line of its own in another form, above the headline",
    text: lf([
      "Saltillo, Coahuila. 6 de septiembre de 2017",
      "",
      "Boletín No. 88/2017",
      "",
      "Arranca la Feria de Saltillo",
      "",
      "La Feria de Saltillo abrió con un desfile.",
    ]),
    place: "Saltillo, Coahuila",
    date: "2017-09-06",
    title: "Arranca la Feria de Saltillo",
    number: { seq: 88, year: 2017 },
    first: "La Feria de Saltillo abrió con un desfile.",
    noWarn: ["fecha", "número"],
  },
];

const headerLines: Case[] = [
  {
    name: "issuer and label between headline and dateline",
    text: lf([
      "Refuerzan operativo de vigilancia en playas",
      "",
      "Comisión Estatal de Seguridad Pública",
      "Comunicado de prensa",
      "",
      "Ensenada, Baja California, a 2 de abril de 2021.- La Comisión desplegó 300 elementos en las playas durante la Semana Santa.",
    ]),
    place: "Ensenada, Baja California",
    date: "2021-04-02",
    title: "Refuerzan operativo de vigilancia en playas",
    number: null,
    first: "La Comisión desplegó 300 elementos en las playas durante la Semana Santa.",
    warns: ["Comunicado de prensa"],
  },
  {
    name: "issuer above, `Nota informativa`, byline",
    text: lf([
      "Secretaría de Educación Pública",
      "Nota informativa",
      "",
      "Abre la SEP el registro para el ciclo escolar",
      "",
      "Por: Redacción",
      "",
      "CIUDAD DE MÉXICO, a 5 de febrero de 2024.- La Secretaría de Educación Pública abrió el registro de aspirantes.",
    ]),
    place: "Ciudad de México",
    date: "2024-02-05",
    title: "Abre la SEP el registro para el ciclo escolar",
    number: null,
    first: "La Secretaría de Educación Pública abrió el registro de aspirantes.",
    warns: ["Nota informativa"],
  },
  {
    name: "`Boletín informativo`, `COMUNICADO 12` with the year from the date",
    text: crlf([
      "Boletín informativo",
      "COMUNICADO 12",
      "",
      "Concluye la temporada de lluvias sin daños mayores",
      "",
      "Culiacán, Sinaloa, 30 de octubre de 2023.- Protección Civil dio por concluida la temporada de lluvias.",
    ]),
    place: "Culiacán, Sinaloa",
    date: "2023-10-30",
    title: "Concluye la temporada de lluvias sin daños mayores",
    number: { seq: 12, year: 2023 },
    first: "Protección Civil dio por concluida la temporada de lluvias.",
    warns: ["año"],
  },
  {
    name: "category and byline lines, issuer in capitals",
    text: lf([
      "SECRETARÍA DE DESARROLLO SOCIAL",
      "",
      "Categoría: Programas sociales",
      "",
      "Entregan apoyos a productores del campo",
      "",
      "Texto: Mariana López",
      "",
      "Hermosillo, Sonora, a 21 de julio de 2022.- La secretaría entregó 1,200 apoyos a productores.",
    ]),
    place: "Hermosillo, Sonora",
    date: "2022-07-21",
    title: "Entregan apoyos a productores del campo",
    number: null,
    first: "La secretaría entregó 1,200 apoyos a productores.",
  },
  {
    name: "a headline that starts like an issuer is still the headline",
    text: lf([
      "Secretaría de Salud inicia la campaña de invierno",
      "",
      "Durango, Durango, a 1 de diciembre de 2021.- La campaña durará tres meses.",
    ]),
    place: "Durango, Durango",
    date: "2021-12-01",
    title: "Secretaría de Salud inicia la campaña de invierno",
    number: null,
    first: "La campaña durará tres meses.",
  },
];

const numbersAndHighlights: Case[] = [
  {
    name: "trailing code `COMROS - 325` kept as the number",
    text: lf([
      "Pavimentan calles de la colonia Centro",
      "",
      "Rosarito, Baja California, a 9 de marzo de 2022.- La Dirección de Obras concluyó la pavimentación de cinco calles.",
      "",
      "Los trabajos beneficiarán a 3 mil vecinos.",
      "",
      "COMROS - 325",
    ]),
    place: "Rosarito, Baja California",
    date: "2022-03-09",
    title: "Pavimentan calles de la colonia Centro",
    number: { seq: 325, year: 2022 },
    first: "La Dirección de Obras concluyó la pavimentación de cinco calles.",
    noWarn: ["COMROS"],
  },
  {
    name: "italic sumario under the headline becomes a highlight",
    text: lf([
      "Llega el programa de salud a comunidades rurales",
      "",
      "*Se atenderán 40 comunidades de la sierra durante el año*",
      "",
      "Chihuahua, Chihuahua, a 11 de mayo de 2021.- La Secretaría de Salud inició la jornada en la sierra.",
    ]),
    place: "Chihuahua, Chihuahua",
    date: "2021-05-11",
    title: "Llega el programa de salud a comunidades rurales",
    number: null,
    first: "La Secretaría de Salud inició la jornada en la sierra.",
    highlights: ["Se atenderán 40 comunidades de la sierra durante el año"],
  },
  {
    name: "list lines without a glyph; a two-line headline stays one",
    text: lf([
      "Presenta el Ayuntamiento de Puebla",
      "su programa de obra pública 2019",
      "",
      "Se invertirán 800 millones de pesos",
      "Habrá obras en las 17 juntas auxiliares",
      "",
      "Puebla, Puebla, a 8 de enero de 2019.- El Ayuntamiento presentó su programa de obra pública.",
    ]),
    place: "Puebla, Puebla",
    date: "2019-01-08",
    title: "Presenta el Ayuntamiento de Puebla su programa de obra pública 2019",
    number: null,
    first: "El Ayuntamiento presentó su programa de obra pública.",
    highlights: ["Se invertirán 800 millones de pesos", "Habrá obras en las 17 juntas auxiliares"],
  },
  {
    name: "bold sumario under the headline",
    text: crlf([
      "Aprueba el Cabildo el presupuesto 2020",
      "",
      "**El gasto en seguridad crece 12 por ciento**",
      "",
      "León, Guanajuato, 20 de diciembre de 2019.- El Cabildo aprobó por unanimidad el presupuesto.",
    ]),
    place: "León, Guanajuato",
    date: "2019-12-20",
    title: "Aprueba el Cabildo el presupuesto 2020",
    number: null,
    first: "El Cabildo aprobó por unanimidad el presupuesto.",
    highlights: ["El gasto en seguridad crece 12 por ciento"],
  },
  {
    name: "trailing number without a date: reported, not guessed",
    text: lf([
      "Limpian el arroyo Alamar",
      "",
      "Cuadrillas municipales retiraron 40 toneladas de basura del arroyo.",
      "",
      "COMROS - 326",
    ]),
    place: null,
    date: null,
    title: "Limpian el arroyo Alamar",
    number: null,
    first: "Cuadrillas municipales retiraron 40 toneladas de basura del arroyo.",
    warns: ["326", "No se encontró la línea de fecha."],
  },
];

const unsure: Case[] = [
  {
    name: "a date without a year is reported, never guessed",
    text: lf([
      "Entregan despensas en la colonia Norte",
      "",
      "Tijuana, Baja California, a 27 de octubre.- El DIF entregó 500 despensas.",
    ]),
    place: "Tijuana, Baja California",
    date: null,
    title: "Entregan despensas en la colonia Norte",
    number: null,
    first: "El DIF entregó 500 despensas.",
    warns: ["no tiene año"],
  },
  {
    name: "an impossible date is not taken",
    text: lf([
      "Entregan despensas en la colonia Sur",
      "",
      "Tijuana, Baja California, a 31 de febrero de 2021.- El DIF entregó 300 despensas.",
    ]),
    place: "Tijuana, Baja California",
    date: null,
    title: "Entregan despensas en la colonia Sur",
    number: null,
    first: "El DIF entregó 300 despensas.",
    warns: ["no existe"],
  },
  {
    name: "a body sentence with a date is not a dateline",
    text: lf([
      "Anuncian feria",
      "",
      "El 25 de septiembre de 2024 se inauguró el hospital de la zona norte.",
    ]),
    place: null,
    date: null,
    title: "Anuncian feria",
    number: null,
    first: "El 25 de septiembre de 2024 se inauguró el hospital de la zona norte.",
    warns: ["No se encontró la línea de fecha."],
  },
  {
    name: "a numeric date that could be month first is read day first and reported",
    text: lf([
      "Reabren el museo regional",
      "",
      "Ciudad (05/03/2016).- El museo regional reabrió tras su remodelación.",
    ]),
    place: "Ciudad",
    date: "2016-03-05",
    title: "Reabren el museo regional",
    number: null,
    first: "El museo regional reabrió tras su remodelación.",
    warns: ["se leyó como día/mes/año (5 de marzo de 2016)"],
  },
  {
    name: "a place that does not look like one is reported",
    text: lf([
      "Reabren el museo regional de la ciudad",
      "",
      "en la ciudad, 5 de marzo de 2016.- El museo regional reabrió tras su remodelación.",
    ]),
    place: "en la ciudad",
    date: "2016-03-05",
    title: "Reabren el museo regional de la ciudad",
    number: null,
    first: "El museo regional reabrió tras su remodelación.",
    warns: ["Revise el lugar «en la ciudad»"],
  },
  {
    name: "date line at the top and the same dateline opening the body",
    text: lf([
      "Boletín No. 77/2021",
      "24 de junio de 2021",
      "",
      "Arranca la temporada vacacional en Los Cabos",
      "",
      "Los Cabos, Baja California Sur, 24 de junio de 2021.- Los hoteles reportan 80 por ciento de ocupación.",
    ]),
    place: "Los Cabos, Baja California Sur",
    date: "2021-06-24",
    title: "Arranca la temporada vacacional en Los Cabos",
    number: { seq: 77, year: 2021 },
    first: "Los hoteles reportan 80 por ciento de ocupación.",
    noWarn: ["fecha"],
  },
  {
    name: "a wrong weekday is reported",
    text: lf([
      "Entregan uniformes escolares",
      "",
      "Toluca, Estado de México, viernes 3 de marzo de 2024.- El gobierno estatal entregó uniformes.",
    ]),
    place: "Toluca, Estado de México",
    date: "2024-03-03",
    title: "Entregan uniformes escolares",
    number: null,
    first: "El gobierno estatal entregó uniformes.",
    warns: ["«viernes» no corresponde"],
  },
];


const mixed: Case[] = [
  {
    name: "state government in capitals, `1o.`, code with year at the foot",
    text: lf([
      "GOBIERNO DEL ESTADO DE BAJA CALIFORNIA",
      "COMUNICADO DE PRENSA",
      "",
      "ENTREGA GOBERNADORA OBRAS DE PAVIMENTACIÓN EN MEXICALI",
      "",
      "Mexicali, B.C., a 1o. de mayo de 2022.- La gobernadora entregó obras de pavimentación en el valle.",
      "",
      "Las obras suman 12 kilómetros.",
      "",
      "CS/045/2022",
    ]),
    place: "Mexicali, B.C.",
    date: "2022-05-01",
    title: "ENTREGA GOBERNADORA OBRAS DE PAVIMENTACIÓN EN MEXICALI",
    number: { seq: 45, year: 2022 },
    first: "La gobernadora entregó obras de pavimentación en el valle.",
    warns: ["«COMUNICADO DE PRENSA»"],
    noWarn: ["CS/045"],
  },
  {
    name: "no headline: the dateline paragraph is not taken as one; `Nota 17` at the foot",
    text: crlf([
      "H. Ayuntamiento de Chilpancingo",
      "",
      "Chilpancingo, Gro., 5 de mayo de 2022. El presidente municipal inauguró el puente peatonal de la colonia Centro.",
      "",
      "Nota 17",
    ]),
    place: "Chilpancingo, Gro.",
    date: "2022-05-05",
    title: "",
    number: { seq: 17, year: 2022 },
    first: "El presidente municipal inauguró el puente peatonal de la colonia Centro.",
    warns: ["No se encontró el titular."],
  },
  {
    name: "issuer and `Boletín 112` above, middle-dot bullets, weekday",
    text: lf([
      "Secretaría de Turismo",
      "Boletín 112",
      "",
      "Crece 20% la llegada de turistas a Quintana Roo",
      "",
      "· Cancún y Tulum concentran la mayor ocupación",
      "· Se esperan 3 millones de visitantes",
      "",
      "Cancún, Quintana Roo, domingo 14 de julio de 2024.- La Secretaría de Turismo informó un crecimiento de 20 por ciento.",
    ]),
    place: "Cancún, Quintana Roo",
    date: "2024-07-14",
    title: "Crece 20% la llegada de turistas a Quintana Roo",
    number: { seq: 112, year: 2024 },
    first: "La Secretaría de Turismo informó un crecimiento de 20 por ciento.",
    highlights: ["Cancún y Tulum concentran la mayor ocupación", "Se esperan 3 millones de visitantes"],
  },
  {
    name: "own date line first, leading zero, capitalised month, `del`",
    text: lf([
      "Mazatlán, Sinaloa, a 02 de Febrero del 2019",
      "",
      "Con éxito concluye el Carnaval",
      "",
      "Más de 500 mil personas asistieron al carnaval.",
    ]),
    place: "Mazatlán, Sinaloa",
    date: "2019-02-02",
    title: "Con éxito concluye el Carnaval",
    number: null,
    first: "Más de 500 mil personas asistieron al carnaval.",
  },
  {
    name: "a headline beginning `Por` is not a byline",
    text: lf([
      "Por Ciudad Juárez pasa la caravana migrante",
      "",
      "Ciudad Juárez, Chihuahua, 3 de noviembre de 2018.- La caravana llegó por la mañana.",
    ]),
    place: "Ciudad Juárez, Chihuahua",
    date: "2018-11-03",
    title: "Por Ciudad Juárez pasa la caravana migrante",
    number: null,
    first: "La caravana llegó por la mañana.",
  },
  {
    name: "two issuers, em-dash highlights",
    text: lf([
      "Instituto Municipal de la Mujer",
      "Dirección de Comunicación Social",
      "",
      "Realizan foro sobre violencia de género",
      "",
      "— Participaron 300 mujeres",
      "— Se firmaron 4 convenios",
      "",
      "Querétaro, Qro., a 25 de noviembre de 2019.- El Instituto realizó el foro.",
    ]),
    place: "Querétaro, Qro.",
    date: "2019-11-25",
    title: "Realizan foro sobre violencia de género",
    number: null,
    first: "El Instituto realizó el foro.",
    highlights: ["Participaron 300 mujeres", "Se firmaron 4 convenios"],
    warns: ["sin viñeta"],
  },
  {
    name: "`Fecha:` label above the headline",
    text: lf([
      "Fecha: 27/10/2020",
      "",
      "Suspenden clases por lluvias",
      "",
      "Las clases se suspendieron en 12 municipios.",
    ]),
    place: null,
    date: "2020-10-27",
    title: "Suspenden clases por lluvias",
    number: null,
    first: "Las clases se suspendieron en 12 municipios.",
  },
  {
    name: "`Comunicado 045/24`: two-digit year checked against the date",
    text: lf([
      "Comunicado 045/24",
      "",
      "Emiten alerta por frío en Chihuahua",
      "",
      "Chihuahua, Chih., 15 de enero de 2024.- Protección Civil emitió la alerta.",
    ]),
    place: "Chihuahua, Chih.",
    date: "2024-01-15",
    title: "Emiten alerta por frío en Chihuahua",
    number: { seq: 45, year: 2024 },
    first: "Protección Civil emitió la alerta.",
    noWarn: ["número"],
  },
  {
    name: "a category word above the headline",
    text: lf([
      "SALUD",
      "",
      "Amplían horario de vacunación contra influenza en centros de salud",
      "",
      "Morelia, Michoacán, a 4 de noviembre de 2022.- La Secretaría de Salud amplió el horario de vacunación.",
    ]),
    place: "Morelia, Michoacán",
    date: "2022-11-04",
    title: "Amplían horario de vacunación contra influenza en centros de salud",
    number: null,
    first: "La Secretaría de Salud amplió el horario de vacunación.",
    highlights: [],
    warns: ["«SALUD» como categoría"],
  },
  {
    name: "a short headline with a sumario under it stays the headline",
    text: lf([
      "Anuncian feria",
      "",
      "_Habrá 200 expositores de todo el estado_",
      "",
      "Colima, Colima, a 2 de mayo de 2023.- El Ayuntamiento anunció la feria regional.",
    ]),
    place: "Colima, Colima",
    date: "2023-05-02",
    title: "Anuncian feria",
    number: null,
    first: "El Ayuntamiento anunció la feria regional.",
    highlights: ["Habrá 200 expositores de todo el estado"],
  },
  {
    name: "dateline in bold, as Word bulletins set it",
    text: lf([
      "Inauguran la biblioteca pública de Tepic",
      "",
      "**Tepic, Nayarit, a 19 de agosto de 2021.-** La biblioteca tiene 15 mil volúmenes.",
    ]),
    place: "Tepic, Nayarit",
    date: "2021-08-19",
    title: "Inauguran la biblioteca pública de Tepic",
    number: null,
    first: "La biblioteca tiene 15 mil volúmenes.",
  },
  {
    name: "short body paragraphs before a quoted date stay body",
    text: lf([
      "Responde el municipio a la queja vecinal",
      "",
      "El municipio respondió.",
      "",
      "La respuesta llegó por escrito.",
      "",
      "Se revisó el caso.",
      "",
      "Se citó a los vecinos.",
      "",
      "Se hizo una visita.",
      "",
      "Se cerró el expediente.",
      "",
      "Monterrey, 5 de mayo de 2020.",
    ]),
    place: null,
    date: null,
    title: "Responde el municipio a la queja vecinal",
    number: null,
    first: "El municipio respondió.",
    warns: ["No se encontró la línea de fecha."],
  },
];

const families: [string, Case[]][] = [
  ["dateline opening the first paragraph", inlineDateline],
  ["header lines between headline and dateline", headerLines],
  ["numbers elsewhere and highlights without bullets", numbersAndHighlights],
  ["fields the parser is unsure of", unsure],
  ["mixtures of the layouts", mixed],
];

for (const [family, cases] of families) {
  describe(family, () => {
    it.each(cases.map((entry) => [entry.name, entry] as const))("%s", (_name, entry) => {
      const { bulletin, warnings } = parseBulletin(entry.text);
      expect(bulletinSchema.safeParse(bulletin).success).toBe(true);
      expect({ place: bulletin.place, date: bulletin.date, title: bulletin.title, number: bulletin.number }).toEqual({
        place: entry.place,
        date: entry.date,
        title: entry.title,
        number: entry.number,
      });
      expect(firstParagraph(bulletin)).toBe(entry.first);
      if (entry.highlights) expect(bulletin.highlights).toEqual(entry.highlights);
      for (const expected of entry.warns ?? []) expect(warnings.join("\n")).toContain(expected);
      for (const refused of entry.noWarn ?? []) expect(warnings.filter((warning) => warning.includes(refused))).toEqual([]);
    });
  });
}
