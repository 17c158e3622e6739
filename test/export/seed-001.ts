import type { Bulletin } from "../../shared/bulletin/schema";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import type { Organization } from "../../shared/organization";
import organizationJson from "../../templates/organization.json";

/** The office profile the templates ship with. */
export const organization: Organization = organizationJson;

/** Seed 001 (No. 493/2024) as the importer should read it, page-break artifact joined. */
export const seed001: Bulletin = {
  number: { seq: 493, year: 2024 },
  place: "Ciudad de México",
  date: "2024-09-25",
  title: "Instruye Zoé Robledo a las autoridades del IMSS cumplir prioridades en salud del nuevo gobierno",
  highlights: [
    "Se continuará la formalización y ampliación de la base de asegurados, fortalecimiento del derecho a la salud, transformación digital y conclusión de infraestructura médica.",
    "Encabezó la Segunda Reunión Nacional con los 35 titulares de Órganos de Operación Administrativa Desconcentrada y 25 directores de Unidades Médicas de Alta Especialidad.",
  ],
  body: bodyFromParagraphs([
    "El director general del Instituto Mexicano del Seguro Social (IMSS), Zoé Robledo, instruyó a directores normativos, representantes estatales y directores de Unidades Médicas de Alta Especialidad (UMAE) a cumplir las prioridades en salud de la presidenta electa, Claudia Sheinbaum, entre ellas, conclusión de infraestructura médica, transformación digital y ampliar la base de asegurados.",
    "En el marco de la inauguración de la Segunda Reunión Nacional con los 35 titulares de los Órganos de Operación Administrativa Desconcentrada (TOOAD) y 25 directores de UMAE, Zoé Robledo recordó que el pasado 10 de agosto se reunió con el presidente Andrés Manuel López Obrador y la presidenta electa, Claudia Sheinbaum Pardo, donde se definieron prioridades como: aplicar procesos para medir la satisfacción del derechohabiente, capacitación en buen trato y cero corrupción.",
    "Señaló que se continuará con el propósito de incrementar el salario mínimo, formalización del empleo, beneficios del programa Jóvenes Construyendo el Futuro y protección integral a comunidades mexicanas en el exterior.",
    "Además, fortalecer el derecho a la salud y bienestar, y apoyar en la integración del Sistema Nacional de Cuidados. “Que la disposición, el ánimo siga manteniéndose para que nuestra evaluación no solamente sea de los elementos que ya tenemos, sino de otros que son nuevos y del interés de la presidenta”.",
    "Durante la reunión, llevada a cabo en la Conferencia Interamericana de Seguridad Social (CISS), el director general del IMSS presentó el Plan de Acción para la Mejora Administrativa de cara al nuevo gobierno federal, mientras que el doctor David Kershenobich Stalnikowitz, próximo secretario de Salud, expuso el tema “Derecho a la Salud y Bienestar: Metas y Plan de los primeros 100 días de Gobierno de la Secretaría de Salud”.",
    "Zoé Robledo destacó que, en trabajo conjunto con las Secretarías de Salud, Bienestar y Educación Pública, el IMSS participará en los programas de vacunación, visitas domiciliarias a adultos mayores, suplementación universal, lactancia materna, protocolos de práctica clínica, intercambio de servicios de Código Infarto, Radioterapia y Hemodiálisis, alimentación en escuelas y la consolidación del IMSS-Bienestar.",
    "En su mensaje, el director de Operación y Evaluación, Javier Guerrero García, señaló que en esta administración del IMSS se rompieron paradigmas en la operación del Instituto con disciplina, compromiso y espíritu de equipo, en acciones como el nuevo modelo de designación de delegados o la labor protagónica del Seguro Social durante la pandemia.",
    "Señaló la importancia de identificar retos institucionales y diseñar las estrategias de trabajo de cara al próximo sexenio con actitud reflexiva, analítica y correctiva.",
  ]),
  photoLinks: ["https://imssmx.sharepoint.com/:f/s/comunicacionsocial/EoBbXnvRleRGtDY7sXrE0OMB2rc4t0gQwoirqVZY6YyEUQ?e=tjTW4X"],
  videoLinks: [],
};
