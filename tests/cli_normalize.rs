//! Normalization on pages of outlets newsdex has no rules for (issue 11), through `inspect --json` and `search`.

mod common;

use common::{Workspace, json_lines};

/// The one article `inspect --json` gives for `rel`.
fn inspect(ws: &Workspace, rel: &str) -> serde_json::Value {
    let out = ws
        .cmd(&["inspect", "--json", rel])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    json_lines(&out).into_iter().next().expect("one article")
}

#[test]
fn no_date_is_invented_from_the_file_time_or_a_weekday() {
    let ws = Workspace::new();
    let example = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/example/nato-chiefs-ukraine.txt"
    ));
    ws.write("nato-chiefs-ukraine.txt", example);
    let a = inspect(&ws, "nato-chiefs-ukraine.txt");
    // The article says "Wednesday" and the file was written today: neither is its date.
    assert_eq!(a["date"], serde_json::Value::Null, "{a}");
    assert_eq!(a["date_source"], serde_json::Value::Null);
    // Indexed without a date: a date query does not find it, the article does.
    ws.ingest(&["nato-chiefs-ukraine.txt"]);
    assert_eq!(ws.hit_files("nato"), vec!["nato-chiefs-ukraine.txt"]);
    let today = chrono::Utc::now().date_naive().format("%Y").to_string();
    assert!(ws.hit_files(&format!("nato date:{today}")).is_empty());
}

#[test]
fn dates_come_from_where_pages_keep_them() {
    let ws = Workspace::new();
    let page = |head: &str, body: &str| {
        format!(
            "<!doctype html><html><head><title>Harbour reopens after storm</title>{head}</head><body>\
             <nav><a href=/>Home</a></nav><article><h1>Harbour reopens after storm</h1>{body}\
             <p>The harbour of the small town reopened on the third day after the storm, the port authority said, \
             and the first ferries left in the morning with trucks and passengers who had waited for days.</p>\
             <p>Workers cleared debris from the quays through the night while divers checked the moorings, and \
             the authority said repairs to the breakwater would take several months.</p></article></body></html>"
        )
    };
    ws.write(
        "time.html",
        page(
            "",
            r#"<p class="meta">By Ana Ruiz <time datetime="2024-03-18T09:30:00+01:00">18 March</time></p>"#,
        ),
    );
    ws.write(
        "canonical.html",
        page(
            r#"<link rel="canonical" href="https://news.example.org/2023/11/02/harbour-reopens">"#,
            "",
        ),
    );
    ws.write(
        "epoch.html",
        page(
            r#"<meta property="article:published_time" content="1970-01-01T00:00:00Z">"#,
            "",
        ),
    );
    ws.write(
        "byline.html",
        page(
            "",
            r#"<div class="Autor">Von Karl Mertens, Berlin - 27.09.2023, 18:42</div>"#,
        ),
    );
    // The site's header shows the day the page was saved: not the article's date.
    ws.write(
        "masthead.html",
        page(
            r#"</head><body><header><span class="date">Tuesday, 2 December 2026</span></header><head>"#,
            "",
        ),
    );
    let a = inspect(&ws, "byline.html");
    assert_eq!(
        (a["date"].as_str(), a["date_source"].as_str()),
        (Some("2023-09-27"), Some("metadata"))
    );
    let a = inspect(&ws, "masthead.html");
    assert_eq!(a["date"], serde_json::Value::Null, "{a}");
    let a = inspect(&ws, "time.html");
    assert_eq!(
        (a["date"].as_str(), a["date_source"].as_str()),
        (Some("2024-03-18"), Some("metadata"))
    );
    let a = inspect(&ws, "canonical.html");
    assert_eq!(
        (a["date"].as_str(), a["date_source"].as_str()),
        (Some("2023-11-02"), Some("url"))
    );
    assert_eq!(
        a["url"].as_str(),
        Some("https://news.example.org/2023/11/02/harbour-reopens")
    );
    let a = inspect(&ws, "epoch.html");
    assert_eq!(a["date"], serde_json::Value::Null, "{a}");
}

#[test]
fn a_saved_page_reads_as_its_article() {
    let ws = Workspace::new();
    ws.write(
        "saved.txt",
        "EL MUNDO\nEspaña\nInternacional\nIniciar sesión\nSuscríbete\nSanidad\n\
         Los médicos convocan una huelga indefinida en toda la Comunidad Valenciana\n\
         Por Ana Ruiz\nPublicado el 02/11/2023 a las 10:15\nCompartir\n\
         Los médicos de Atención Primaria de la Comunidad Valenciana han convocado una huelga indefinida a partir del \
         próximo lunes para reclamar más personal y menos pacientes por consulta.\n\
         El sindicato médico asegura que la mitad de los centros de salud trabajan con menos facultativos de los \
         previstos, y que las listas de espera se han duplicado en dos años.\n\
         La consejería de Sanidad ha pedido a los convocantes que vuelvan a la mesa de negociación esta misma semana.\n\
         Lea también: Las listas de espera alcanzan su máximo en una década\n\
         Recibe las noticias más importantes del día en tu correo. Apúntate a nuestra newsletter.\n\
         Más noticias\nEl Gobierno aprueba el nuevo calendario de vacunación\nLos precios de la vivienda suben un 5%\n\
         Todos los derechos reservados\n",
    );
    let a = inspect(&ws, "saved.txt");
    assert_eq!(
        a["title"].as_str(),
        Some("Los médicos convocan una huelga indefinida en toda la Comunidad Valenciana")
    );
    assert_eq!(a["source"].as_str(), Some("El Mundo"));
    assert_eq!(a["byline"].as_str(), Some("Ana Ruiz"));
    assert_eq!(a["date"].as_str(), Some("2023-11-02"));
    let body = a["body"].as_str().unwrap_or("");
    assert!(body.starts_with("Los médicos de Atención Primaria"), "{body}");
    assert!(body.ends_with("esta misma semana."), "{body}");
    for boilerplate in [
        "Iniciar sesión",
        "Compartir",
        "Lea también",
        "newsletter",
        "Más noticias",
        "vivienda",
        "derechos",
    ] {
        assert!(!body.contains(boilerplate), "{boilerplate} in {body}");
    }
}

/// Four stories of one site, for the tests of the lines a site repeats: file name, headline, lead.
const PLANET_STORIES: [(&str, &str, &str); 4] = [
    (
        "harbour",
        "Harbour reopens after the storm",
        "The harbour of the town reopened on Tuesday after three days of repairs to the quays and the breakwater, the port authority said.",
    ),
    (
        "council",
        "Council approves the new parks budget",
        "The council approved a budget of twelve million for the parks on Monday after a debate that lasted well into the evening.",
    ),
    (
        "library",
        "New library opens in the old station",
        "The new library opened on Friday in the former railway station, with a reading room where the ticket hall used to be.",
    ),
    (
        "bridge",
        "Bridge repairs to close the river road",
        "Repairs to the old bridge will close the river road for six weeks from next month, the roads department said on Thursday.",
    ),
];

/// The bodies of the four articles `inspect` reads from the folder `planet`.
fn planet_bodies(ws: &Workspace) -> Vec<String> {
    let out = ws
        .cmd(&["inspect", "--json", "planet"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let articles = json_lines(&out);
    assert_eq!(articles.len(), 4);
    articles
        .iter()
        .map(|a| a["body"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn lines_a_site_repeats_across_its_pages_are_dropped() {
    let ws = Workspace::new();
    for (name, title, lead) in PLANET_STORIES {
        ws.write(
            &format!("planet/{name}.txt"),
            format!(
                "{title}\n\n{lead}\n\nPlanet-Plus: Jetzt drei Monate gratis lesen\n\n\
                 Officials said the {name} work had gone to plan, and residents welcomed the news.\n\n\
                 Zum Planet-Archiv\n"
            ),
        );
    }
    for body in planet_bodies(&ws) {
        assert!(!body.contains("Planet-Plus"), "{body}");
        assert!(!body.contains("Planet-Archiv"), "{body}");
        assert!(body.contains("Officials said the"), "{body}");
    }
    // The same story saved in most files of a folder is not the site's furniture: it stays.
    for i in 0..4 {
        ws.write(
            &format!("copies/copy{i}.txt"),
            "Harbour reopens after the storm\n\nThe harbour of the town reopened on Tuesday.\n\nWork went to plan.\n",
        );
    }
    let out = ws
        .cmd(&["inspect", "--json", "copies"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    for a in json_lines(&out) {
        assert!(a["body"].as_str().unwrap_or("").contains("reopened on Tuesday"), "{a}");
    }
}

#[test]
fn lines_a_site_repeats_across_its_html_pages_are_dropped() {
    let ws = Workspace::new();
    for (name, title, lead) in PLANET_STORIES {
        // The site's own line stands inside the article's block, where no rule and no class name marks it.
        ws.write(
            &format!("planet/{name}.html"),
            format!(
                "<html><head><title>{title}</title></head><body><h1>{title}</h1><div class=\"story\">\
                 <p>{lead}</p><p>Planet-Plus: Jetzt drei Monate gratis lesen</p>\
                 <p>Officials said the {name} work had gone to plan, and residents welcomed the news on the same day.</p>\
                 <p>Engineers will inspect the {name} site again next spring, and the results will be published online.</p>\
                 </div></body></html>"
            ),
        );
    }
    for body in planet_bodies(&ws) {
        assert!(!body.contains("Planet-Plus"), "{body}");
        assert!(body.contains("Officials said the"), "{body}");
    }
}
