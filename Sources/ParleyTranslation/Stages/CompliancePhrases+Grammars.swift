extension CompliancePhrases {
    /// How contacts ask to stop (and resume) messages in each supported language.
    ///
    /// Each grammar names the concept with word classes — stop verbs, messaging words, negations,
    /// list words — and a few patterns over them (see ``Grammar`` for the notation). A pattern
    /// always needs both the request and what it is about, so a stop verb alone ("the leak won't
    /// stop") or a messaging word alone ("text me when you're here") is never enough. Help phrases
    /// are not recognised: in a service business "I need help with my AC" is a service request,
    /// and HELP stays a keyword. "Leave me alone" and "lose my number" count as opt-outs.
    static let defaultGrammars: [Grammar] = [
        english, spanish, portuguese, french, german, italian, chineseSimplified, chineseTraditional,
        vietnamese, tagalog, russian, ukrainian, korean, japanese, arabic, polish, haitianCreole, hindi,
        persian, somali, amharic,
    ]

    static let english = Grammar(
        language: "en",
        classes: [
            "STOP": ["stop", "stp", "quit", "cease", "stop_it_with"],
            "MSG": [
                "text", "texts", "texting", "txt", "txts", "txting", "message", "messages", "messaging", "msg",
                "msgs", "sms", "smss", "smses", "contacting", "calling", "writing", "spamming", "spam",
                "bothering", "harassing", "harrassing", "hitting me up", "blowing up my phone",
                "notifications", "reminders", "promos", "promotions", "marketing",
            ],
            "MSGN": [
                "text", "texts", "txt", "txts", "message", "messages", "msg", "msgs", "sms", "smss", "smses",
                "text messages", "calls", "spam", "notifications", "promos", "promotions", "marketing",
            ],
            "FILL": [
                "me", "us", "with", "the", "all", "these", "those", "this", "that", "your", "ur", "yall", "y all",
                "them", "any", "sending", "send", "just", "please", "pls", "plz", "now", "already", "guys",
                "fucking", "damn", "freaking", "right", "my", "phone", "of", "texting", "sending me",
            ],
            "NEG": ["dont", "don t", "do not", "never", "pls dont", "no longer", "stop to"],
            "MSGV": ["text", "txt", "message", "msg", "sms", "contact", "call", "write", "email", "spam", "bother", "harass"],
            "REMOVE": ["remove", "take", "delete", "drop", "erase", "get", "scratch", "unsubscribe", "unsub", "unenroll"],
            "LIST": [
                "list", "lists", "contacts", "contact list", "database", "system", "mailing list", "texting list",
                "text list", "sms list", "call list", "calling list", "messaging list", "records",
            ],
            "WANT": [
                "dont want", "don t want", "do not want", "no longer want", "no longer wish", "dont wish",
                "don t wish", "do not wish", "dont need", "don t need", "do not need", "dont wanna", "don t wanna",
                "would rather not", "prefer not", "no longer need",
            ],
            "WANTFILL": [
                "to", "receive", "get", "getting", "receiving", "any", "more", "these", "those", "your", "ur",
                "the", "further", "other", "of", "anymore", "from", "you", "u", "guys", "yall", "y all",
            ],
            "TIME": [
                "before", "after", "until", "till", "til", "at", "on", "during", "while", "between", "today",
                "tonight", "tomorrow", "now", "right", "yet", "this", "here", "early", "late", "so", "back",
                "the", "a", "an", "when", "if", "unless", "on", "about", "til", "instead", "first", "yet",
                "without", "with", "anything", "pictures", "photos",
            ],
            "AGAIN": ["again", "anymore", "any more", "ever again", "no more"],
            // "don't call me, text me instead": one channel for another
            "CONTRAST": ["text", "txt", "message", "msg", "sms", "email", "call", "just", "only", "but", "better"],
        ],
        optOut: [
            // "stop texting me", "please quit sending me these messages", "stop with the texts"
            Pattern(
                "{STOP} ~4{FILL} {MSG}",
                notAfter: ["dont|don_t|do_not|never|didn_t|didnt|why_did_you|did_you|when_you|if_you|you_didn_t|you_never"],
                notFollowedBy: ["~1 and|while|n|when ~1(you_are|you_re|ur|u_r|im|i_m) driving|drive|you_drive"]),
            // "don't text me", "do not message this number again", "never text me again"
            Pattern(
                "{NEG} ~1(ever|again|even|anymore|more) {MSGV} me|us|this_number|my_number|here",
                notFollowedBy: ["{TIME}", "~2 {CONTRAST}", "~6 instead|rather"]),
            Pattern("{NEG} ~1(ever|again|even) {MSGV} ~1(me|us|this_number|my_number) {AGAIN}"),
            // "don't send me any more texts", "do not send messages to this number"
            Pattern("{NEG} ~1(ever|again) send ~1(me|us) ~4{WANTFILL} {MSGN}"),
            Pattern("{NEG} ~1(ever|again) send me|us anything|nothing ~1 {AGAIN}"),
            // "no more texts", "no more messages please"
            Pattern("no|not|nomore more|any ~1(of|these|those|your|ur|the) {MSGN}", notAfter: ["got|get|getting|received|receive|see|seen|there_are|there_were"]),
            // "remove me from your list", "take me off ur list", "pls remove my number"
            Pattern("{REMOVE} me|us|my_number|this_number|my_phone_number|my_cell|my_phone ~1(out|off) off|from|out_of ~3 {LIST}"),
            Pattern("{REMOVE} my|this ~1(phone|cell|cell_phone) number ~1(please|pls) $"),
            // "i never signed up for this, please remove me"
            Pattern("remove|delete|erase|unsubscribe|unsub me|us ~1(now|asap|already) $"),
            Pattern("{REMOVE} ~1(my|this) ~1(phone|cell) number ~3 from|off ~3 {LIST}"),
            // "unsubscribe me", "I want to opt out", "opt me out"
            Pattern("unsubscribe|unsuscribe|unsubcribe|unsubscrib|unsub|un_subscribe|optout|opt_out"),
            Pattern("opt me|us out"),
            // "i dont want any more texts", "I no longer wish to receive these messages"
            Pattern("{WANT} ~5{WANTFILL} {MSGN}"),
            // "leave me alone", "lose my number"
            Pattern("leave me|us alone"),
            Pattern("lose|forget|delete|erase my ~1(phone|cell) number"),
        ],
        optIn: [
            // "you can text me again", "ok you can start sending me messages again"
            Pattern("can|may|could ~2(now|start|go_ahead_and|resume|still|also) {MSGV}|sending|send|texting|messaging ~3(me|us|messages|texts|text|msgs) again|now", notAfter: ["not|t|never|cant|cannot"]),
            Pattern("resume|restart|start ~3(sending|texting|messaging|me|the|your|my) {MSGN}|texting|messaging ~2(me|us) again", notAfter: ["dont|don_t|do_not|never|not"]),
            Pattern("opt|sign me|us ~1 back in"),
            Pattern("opt back in|resubscribe|re_subscribe|subscribe_me_again"),
        ])

    static let spanish = Grammar(
        language: "es",
        classes: [
            "SENDV": [
                "manden", "mande", "mandes", "envien", "envie", "envies", "manda", "envia", "mandas", "envias",
                "sigan mandando", "sigan enviando", "mandaran",
            ],
            "WRITEV": [
                "escriban", "escriba", "escribas", "escribe", "mensajeen", "mensajee", "mensajees", "texteen",
                "textee", "textees", "contacten", "contacte", "contactes", "llamen", "llame", "llames",
                "molesten", "moleste", "molestes", "marquen", "sigan escribiendo", "sigan molestando",
            ],
            "INFME": [
                "enviarme", "mandarme", "escribirme", "textearme", "mensajearme", "contactarme", "llamarme",
                "molestarme", "enviarnos", "mandarnos", "escribirnos", "contactarnos", "llamarnos", "molestarnos",
                "textiarme", "mensajiarme",
            ],
            "INF": ["enviar", "mandar", "escribir", "textear", "mensajear", "contactar", "llamar", "molestar", "textiar"],
            "MSGN": [
                "mensaje", "mensajes", "msj", "msjs", "mensajitos", "sms", "texto", "textos", "mensajes de texto",
                "whatsapps", "notificaciones", "promociones", "publicidad", "spam", "correos",
            ],
            "STOPV": ["deja", "dejen", "deje", "dejes", "dejar", "para", "paren", "pare", "parar", "paran", "dejar de"],
            "FILL": ["mas", "sus", "estos", "esos", "los", "las", "tantos", "ningun", "ninguno", "ningunos", "ninguna", "otros", "recibir", "que", "me", "manden", "envien", "de", "ustedes", "su", "tus"],
            "REMOVEME": [
                "borrenme", "borrame", "borreme", "saquenme", "sacame", "saqueme", "quitenme", "quitame",
                "quiteme", "eliminenme", "eliminame", "elimineme", "borrarme", "sacarme", "quitarme",
                "eliminarme", "retirenme", "retirarme", "excluyanme",
            ],
            "LIST": ["lista", "listas", "contactos", "base", "sistema", "lista de mensajes", "lista de contactos", "listado"],
            "TIME": ["antes", "despues", "hasta", "temprano", "tarde", "hoy", "manana", "ahorita", "a_esta", "en_la", "por_la", "la", "el", "los", "las", "nada_mas"],
            "BAJA": ["darme", "denme", "dame", "deme", "darnos", "dennos", "me_doy", "me_quiero_dar", "me_puedes_dar", "me_pueden_dar", "me_dan"],
        ],
        optOut: [
            // "no me manden más mensajes", "ya no me envíen mensajes de texto"
            Pattern("no|nunca me|nos ~1(mas|ya) {SENDV} mas|{MSGN}|nada|ningun|ninguno|ninguna|ningunos ~1(de|sus|estos|esos|mas) {MSGN}?"),
            Pattern("no|nunca me|nos ~1(mas|ya) {SENDV} $"),
            // "ya no me escriban", "no me contacten más", "no me vuelvan a escribir"
            Pattern(
                "no|nunca me|nos ~1(mas|ya) {WRITEV}",
                notFollowedBy: ["{TIME}", "a_las|al|por_la", "~2 mejor|solo|solamente|nada_mas|pero|sino|mandenme|escribanme|enviar|mandar|textos|mensaje|mensajes"]),
            Pattern("no|nunca me|nos vuelvan|vuelvas|vuelva a {INF}"),
            Pattern("no {SENDV}|{WRITEV} mas {MSGN}"),
            // "dejen de enviarme mensajes", "deja de escribirme"
            Pattern("{STOPV} ~1(ya|por_favor|porfa) de {INFME}", notAfter: ["no|nunca|ni|que_no"]),
            Pattern("{STOPV} ~1(ya|por_favor) de {INF} ~3{FILL} {MSGN}", notAfter: ["no|nunca|ni"]),
            // "ya no quiero recibir mensajes", "no quiero más mensajes"
            Pattern("no quiero|queremos|deseo|deseamos|necesito|necesitamos ~4{FILL} {MSGN}"),
            Pattern("no quiero|queremos|deseo ~2(que|ya) me|nos ~1(sigan|vuelvan) {SENDV}|{WRITEV}|{INF}"),
            // "no más mensajes"
            Pattern("no|ya_no mas ~1(de|sus|estos) {MSGN}"),
            Pattern("basta|suficiente ~1(ya|de) de ~2(sus|estos|tantos) {MSGN}"),
            // "bórrenme de su lista", "sáquenme de la lista"
            Pattern("{REMOVEME} ~1(ya|por_favor|porfa) de|del ~3 {LIST}"),
            Pattern("me|nos ~2(pueden|puedes|podrian) borrar|sacar|quitar|eliminar|retirar|saquen|quiten|borren ~1(ya|por_favor) de|del ~3 {LIST}"),
            Pattern("borren|borra|borre|eliminen|elimina|elimine|quiten|quita|borrar|eliminar mi ~1(numero|telefono) numero|telefono|celular|cel ~4 $"),
            Pattern("borren|borra|eliminen|elimina|quiten|quita|saquen|saca mi numero|telefono|celular ~1(de|del) ~3 {LIST}"),
            // "quiero darme de baja"
            Pattern("{BAJA} de baja", notFollowedBy: ["~3 contrato*|plan*|servicio*|mantenimiento|membresia*|cuenta"]),
            Pattern("desuscrib*|desinscrib*|anular_suscripcion|cancelar_suscripcion|cancelar_la_suscripcion"),
            Pattern("dejenme|dejame|dejeme en paz"),
        ],
        optIn: [
            // "ya pueden escribirme", "pueden volver a mandarme mensajes"
            Pattern("ya|ahora ~1(si|me) pueden|puedes|puede|podes {INFME}|{INF}"),
            Pattern("pueden|puedes|puede|podes volver a {INFME}|{INF}"),
            Pattern("me|nos pueden|puedes|puede volver a {INF}"),
            Pattern("pueden|puedes|puede {INFME} ~2 otra_vez|de_nuevo|nuevamente"),
        ])

    static let portuguese = Grammar(
        language: "pt",
        classes: [
            "SENDV": [
                "mande", "mandem", "mandar", "envie", "enviem", "enviar", "manda", "envia", "mandarem", "enviarem",
            ],
            "WRITEV": [
                "escreva", "escrevam", "escrever", "liguem", "ligue", "ligar", "contatem", "contate", "contactem",
                "contacte", "contatar", "perturbem", "perturbe", "incomodem", "incomode", "chamem", "chame",
            ],
            "INF": [
                "mandar", "enviar", "escrever", "ligar", "contatar", "contactar", "perturbar", "incomodar",
                "mandarem", "enviarem", "chamar", "mandando", "enviando",
            ],
            "MSGN": [
                "mensagem", "mensagens", "msg", "msgs", "sms", "torpedo", "torpedos", "texto", "textos",
                "notificacoes", "promocoes", "propaganda", "spam", "zap", "whats",
            ],
            "FILL": ["mais", "receber", "suas", "seus", "essas", "estas", "as", "os", "nenhuma", "nenhum", "de", "voces", "tantas", "esse", "esses", "ficar", "recebendo"],
            "STOPV": ["para", "pare", "parem", "parar", "deixa", "deixe", "deixem", "chega"],
            "REMOVEV": [
                "tira", "tire", "tirem", "remova", "removam", "remove", "exclua", "excluam", "exclui", "apague",
                "apaguem", "apaga", "retire", "retirem", "deleta", "deletem", "tirar", "remover", "excluir",
                "apagar", "retirar", "deletar",
            ],
            "LIST": ["lista", "listas", "contatos", "contactos", "cadastro", "sistema", "base", "grupo", "lista de transmissao"],
        ],
        optOut: [
            // "não me mande mais mensagens", "nao me mandem mais nada"
            Pattern("nao|nunca me|nos ~1(mais) {SENDV} mais|{MSGN}|nada|nenhuma|nenhum"),
            Pattern("nao|nunca me|nos {SENDV} $"),
            Pattern("nao|nunca ~1(me|nos) {WRITEV} mais"),
            Pattern("nao|nunca me|nos {WRITEV} $"),
            // "parem de me mandar mensagens", "pare de me enviar mensagem"
            Pattern("{STOPV} ~1(ja|por_favor) de me|nos {INF}", notAfter: ["nao|nunca|ja_nao|nem"]),
            Pattern("{STOPV} ~1(ja|por_favor) de {INF} ~3{FILL} {MSGN}", notAfter: ["nao|nunca|nem"]),
            Pattern("chega de ~1(tanta|tantas|essas|suas) {MSGN}"),
            // "não quero mais receber mensagens"
            Pattern("nao quero|queremos|desejo|preciso ~4{FILL} {MSGN}"),
            Pattern("nao quero|queremos|desejo ~1(mais) que me|nos {SENDV}|{WRITEV}|{INF}"),
            // "me tira da lista", "me remova da sua lista", "quero sair da lista"
            Pattern("me|nos {REMOVEV} ~1(por_favor) da|de|do|dessa|desta|das|dos ~2 {LIST}"),
            Pattern("{REMOVEV} ~1(por_favor) me|meu_numero|meu_telefone|meu_contato ~1 da|de|do|dessa|desta|das|dos ~2 {LIST}"),
            Pattern("{REMOVEV} meu numero|telefone|contato ~1(por_favor) $"),
            Pattern("sair da|dessa|desta|de ~1(sua|vossa|lista_de) lista|listas"),
            Pattern("descadastr*|desinscrev*|cancelar_inscricao|cancelar_a_inscricao|cancelar_assinatura"),
            Pattern("me|nos deixem|deixe|deixa em paz"),
            Pattern("deixem|deixe|deixa me|nos em paz"),
        ],
        optIn: [
            // "pode voltar a me mandar mensagens"
            Pattern("pode|podem|podes ~1(ja) voltar a ~1(me|nos) {INF}"),
            Pattern("pode|podem|podes ~1(ja) me|nos {INF} ~3 de_novo|novamente|outra_vez"),
            Pattern("ja pode|podem me|nos {INF}"),
        ])

    static let french = Grammar(
        language: "fr",
        classes: [
            "STOPV": ["arret*", "cess*", "stop*", "arette*", "arete*"],
            "VINF": [
                "envoyer", "ecrire", "texter", "contacter", "appeler", "harceler", "deranger", "spammer",
                "relancer", "textoter", "sms",
            ],
            "VIMP": [
                "envoyez", "envoie", "envoyer", "envoyez pas", "ecrivez", "ecris", "ecrire", "contactez", "contacte",
                "contacter", "appelez", "appelle", "texte", "textez", "derangez", "harcelez", "spammez", "relancez",
                "envoies", "ecrivez pas",
            ],
            "MSGN": [
                "message", "messages", "msg", "sms", "texto", "textos", "notification", "notifications", "pub",
                "publicite", "publicites", "spam", "relance", "relances", "mail", "mails",
            ],
            "FILL": ["les", "vos", "ces", "des", "de", "tes", "avec", "aucun", "aucune", "recevoir", "plus", "autres", "d", "vous"],
            "REMOVE": [
                "retirez", "retire", "retirer", "supprimez", "supprime", "supprimer", "enlevez", "enleve", "enlever",
                "effacez", "efface", "effacer", "desinscrivez", "desinscris", "rayez", "raye",
            ],
            "LIST": ["liste", "listes", "contacts", "base", "fichier", "repertoire", "liste de diffusion"],
        ],
        optOut: [
            // "arrêtez de m'envoyer des messages", "arrete de me texter"
            Pattern("{STOPV} ~1(donc|svp|de_suite) de me|m|nous {VINF}", notAfter: ["ne|n|s|pas|sans"]),
            Pattern("{STOPV} ~3{FILL} {MSGN}", notAfter: ["ne|n|s|pas|sans"]),
            // "ne m'envoyez plus de messages", "ne me contactez plus"
            Pattern("ne? me|m|nous {VIMP} plus"),
            Pattern("ne? me|m|nous {VIMP} ~2(jamais|pas) plus|jamais"),
            // "je ne veux plus recevoir de sms"
            Pattern("ne? veux|veut|voulons|souhaite|souhaitons|desire plus ~4{FILL} {MSGN}"),
            Pattern("ne? veux|veut|voulons|souhaite|souhaitons|desire plus ~1(que) etre contacte|contactee|derange|derangee|sollicite"),
            Pattern("^ ~1(stop|svp) plus|pas_de de|d ~1(vos|ces|tes) {MSGN}"),
            // "retirez-moi de votre liste"
            Pattern("{REMOVE} moi|nous|mon_numero|mon_num|mon_telephone ~1(svp|s_il_vous_plait) de|des|du ~2 {LIST}"),
            Pattern("{REMOVE} mon numero|num|telephone ~2(svp|s_il_vous_plait|merci) $"),
            Pattern("me|m retirer|supprimer|enlever|effacer|desinscrire de|des|du ~2 {LIST}"),
            // "désabonnez-moi", "je veux me désabonner"
            Pattern("desabonn*|desinscri*|desabbon*|desabo"),
            Pattern("laissez|laisse moi|nous tranquille|tranquilles|en_paix"),
            Pattern("fichez|fiche|foutez|fous moi|nous la paix"),
        ],
        optIn: [
            // "vous pouvez m'écrire à nouveau"
            Pattern("pouvez|peux|pourrez|pouvez_de_nouveau ~1(de_nouveau|a_nouveau) me|m|nous {VINF} ~1(des_messages) a_nouveau|de_nouveau|encore"),
            Pattern("recommencer|recommencez|reprendre|reprenez a ~1(me|m|nous) {VINF}"),
            Pattern("me|m reabonner|reinscrire"),
        ])

    static let german = Grammar(
        language: "de",
        classes: [
            "VINF": [
                "schreiben", "schicken", "senden", "simsen", "texten", "kontaktieren", "anrufen", "nerven",
                "belastigen", "zuschicken", "zusenden", "zuzuschicken", "zuzusenden", "anzurufen", "zu_kontaktieren",
                "spammen", "zumullen", "zuzumullen", "nachrichten", "sms", "kontakt",
            ],
            "FILL": [
                "mir", "mich", "uns", "zu", "sms", "nachrichten", "nachricht", "mit", "dem", "den", "sie", "bitte",
                "mehr", "jetzt", "endlich", "ihr", "ihren", "euren", "immer", "standig", "diese", "dauernd", "so",
                "ihre", "eure", "weitere", "werbung", "das",
            ],
            "MSGN": [
                "sms", "nachricht", "nachrichten", "textnachricht", "textnachrichten", "mitteilung", "mitteilungen",
                "werbung", "messages", "message", "kurznachricht", "kurznachrichten", "mails", "e_mails",
                "benachrichtigungen", "newsletter", "anrufe",
            ],
            "SENDV": [
                "schreib", "schreibt", "schreiben", "schick", "schickt", "schicken", "send", "sendet", "senden",
                "kontaktiere", "kontaktiert", "kontaktieren", "simst", "simsen", "textet", "texten", "ruft", "rufen",
                "nervt", "nerven", "belastigt", "belastigen",
            ],
            "REMOVEV": [
                "nehmen", "nimm", "nehmt", "streichen", "streicht", "streich", "loschen", "loscht", "losch",
                "entfernen", "entfernt", "entfern", "tragen", "tragt", "trag",
            ],
            "LIST": [
                "liste", "listen", "verteiler", "verteilerliste", "kontaktliste", "kontakten", "datenbank", "system",
                "kartei", "adressliste", "sms_liste", "mailingliste", "newsletter",
            ],
            "OBJ": ["sie", "bitte", "mich", "uns", "meine", "unsere", "nummer", "telefonnummer", "handynummer", "ihr", "doch", "endlich"],
        ],
        optOut: [
            // "hören Sie auf mir zu schreiben", "hört auf mir SMS zu schicken"
            Pattern("hor|hort|horen|horet|hoer|hoert|hoeren|aufhoren|aufhort ~2(sie|bitte|doch|endlich|jetzt|ihr|mal|damit|auf) ~1(auf) ~4{FILL} {VINF}", notAfter: ["nicht"]),
            // "bitte keine nachrichten mehr", "schickt mir keine nachrichten mehr"
            Pattern("keine ~2(weiteren|weitere|ihre|eure|sms|solche|diese) {MSGN} mehr", notFollowedBy: ["~2 bekommen|gekriegt|gesehen|angekommen|erhalten_habe|erhalten_hatte"]),
            Pattern("keine weiteren|weitere {MSGN}"),
            // "ich will keine sms mehr bekommen": a wish, so "bekommen" after it is no past event
            Pattern("will|mochte|mochten|wollen|wollte|brauche|brauchen ~2(ich|wir|echt|wirklich|bitte) keine ~2(weiteren|weitere|ihre|eure|solche|diese) {MSGN} mehr"),
            // "schreiben Sie mir nicht mehr", "kontaktieren sie mich nicht mehr"
            Pattern("{SENDV} ~3(sie|mir|uns|mich|ihr|bitte|an|keine|eine) nicht mehr|nie_wieder|nie_mehr", notAfter: ["warum|wieso|weshalb|wenn|weil|dass|ob"], notFollowedBy: ["~1 zuruck|an|bei|wenn|weil"]),
            // "bitte nehmen Sie mich von der Liste"
            Pattern("{REMOVEV} ~3{OBJ} von|aus ~2(der|dem|ihrer|eurer|ihrem|eurem|dieser|diesem|ihren) {LIST}"),
            Pattern("loschen|loscht|losch|entfernen|entfernt ~2(sie|bitte|ihr|doch) meine|unsere ~1(telefon|handy) nummer|telefonnummer|handynummer|kontaktdaten ~2(bitte|danke) $"),
            // "melden sie mich ab", "ich möchte mich abmelden"
            Pattern("meld*|trag*|schreib* ~2(sie|bitte|ihr|doch) mich|uns ~1(bitte|sofort|jetzt) ab|aus"),
            Pattern("mich|uns ~3 abmelden|austragen|abbestellen"),
            Pattern("abbestellen|abbestellt|abbestelle|abmeldung|deabonnieren|abonnement_beenden"),
            // "ich möchte keine SMS mehr erhalten" (covered above), "lassen sie mich in ruhe"
            Pattern("lass|lasst|lassen ~2(sie|mich|uns|bitte|endlich) mich|uns ~1(bitte|endlich) in ruhe"),
        ],
        optIn: [
            // "sie dürfen mir wieder schreiben"
            Pattern("durfen|darfst|durft|darf|konnen|kannst|konnt|kann ~3(mir|uns|mich|jetzt|gerne|gern|sie|ihr|ab_jetzt|ruhig) wieder {VINF}", notAfter: ["nicht|nie"]),
            Pattern("wieder anmelden|neu_anmelden"),
        ])

    static let italian = Grammar(
        language: "it",
        classes: [
            "STOPV": ["smett*", "finit*", "piant*", "smetila", "smettila", "smettetela", "basta", "cessate", "cessa"],
            "VME": [
                "mandarmi", "scrivermi", "inviarmi", "contattarmi", "chiamarmi", "messaggiarmi", "disturbarmi",
                "mandarci", "scriverci", "inviarci", "contattarci", "chiamarci", "disturbarci", "spammarmi",
            ],
            "VINF": ["mandare", "scrivere", "inviare", "contattare", "chiamare", "messaggiare", "disturbare"],
            "VIMPME": [
                "mandatemi", "mandarmi", "mandami", "scrivetemi", "scrivermi", "scrivimi", "inviatemi", "inviarmi",
                "inviami", "contattatemi", "contattarmi", "contattami", "chiamatemi", "chiamarmi", "chiamami",
                "messaggiatemi", "disturbatemi", "disturbarmi", "disturbarci", "mandateci", "scriveteci",
            ],
            "VIMP": ["mandate", "scrivete", "inviate", "contattate", "mandi", "scrivi", "invii", "contatti", "chiamate", "disturbate", "mandare", "scrivere", "inviare"],
            "MSGN": [
                "messaggi", "messaggio", "sms", "msg", "messaggini", "notifiche", "pubblicita", "promozioni", "spam",
                "mail", "email",
            ],
            "FILL": [
                "piu", "ricevere", "i", "vostri", "questi", "altri", "nessun", "ulteriori", "alcun", "con", "sti",
                "di", "mandare", "inviare", "tutti", "tuoi", "gli",
            ],
            "REMOVE": [
                "toglietemi", "toglimi", "cancellatemi", "cancellami", "rimuovetemi", "rimuovimi", "eliminatemi",
                "eliminami", "togliete", "cancellate", "rimuovete", "eliminate", "levatemi", "levami",
                "togliere", "cancellare", "rimuovere", "eliminare",
            ],
            "LIST": ["lista", "liste", "contatti", "rubrica", "database", "elenco", "elenchi", "mailing", "sistema", "lista contatti"],
        ],
        optOut: [
            // "smettete di mandarmi messaggi", "smetti di scrivermi"
            Pattern("{STOPV} ~1(di|pure|la|con) di|con {VME}", notAfter: ["non|mai"]),
            Pattern("{STOPV} ~1(di|con) ~3{FILL} {MSGN}", notAfter: ["non|mai"]),
            Pattern("basta ~2(con|i|questi|sti|con_i|con_questi) {MSGN}"),
            // "non mandatemi più messaggi", "non scrivetemi più"
            Pattern("non ~1(piu) {VIMPME} ~2(piu|messaggi|sms|nessun|mai) piu|messaggi|sms|msg|mai|nessun*"),
            Pattern("non ~1(piu) {VIMPME} $"),
            Pattern("non mi|ci ~1(piu) {VIMP} ~1(piu|mai) piu|mai|{MSGN}"),
            // "non voglio più ricevere messaggi"
            Pattern("non voglio|vogliamo|desidero|vorrei ~4{FILL} {MSGN}"),
            Pattern("non voglio|vogliamo|desidero|vorrei piu essere contattato|contattata|disturbato|disturbata"),
            // "toglietemi dalla lista", "cancellatemi dalla vostra lista"
            Pattern("{REMOVE} ~2(il_mio_numero|mi|per_favore) da|dalla|dalle|dai|dal|dagli ~2 {LIST}"),
            Pattern("{REMOVE} il mio numero ~2(per_favore|grazie) $"),
            Pattern("disiscriv*|disiscrizione|cancellarmi_dalla_lista|annullare_l_iscrizione"),
            Pattern("lasciatemi|lasciami in pace"),
        ],
        optIn: [
            // "potete scrivermi di nuovo"
            Pattern("potete|puoi|puo|potreste ~1(tornare_a|ricominciare_a) {VME} ~2 di_nuovo|ancora|nuovamente|da_ora"),
            Pattern("potete|puoi|puo tornare|ricominciare a {VME}"),
            Pattern("ricominciate|riprendete|ricomincia a {VME}"),
        ])

    static let chineseSimplified = Grammar(
        language: "zh-Hans", spaced: false,
        classes: [
            "NEG": ["不要", "别", "勿", "甭", "莫", "不许", "不准"],
            "SEND": ["发", "发送", "传", "送", "寄", "推送", "发来"],
            "MSG": ["短信", "信息", "消息", "讯息", "短讯", "sms", "简讯", "广告", "营销短信", "推销"],
            "CONTACT": ["联系", "联络", "打扰", "骚扰", "打电话给", "打给", "烦"],
            "LIST": ["名单", "列表", "通讯录", "名册", "数据库", "系统", "号码库", "短信列表", "群发名单"],
            "REMOVE": ["删除", "删掉", "删了", "移除", "去掉", "除名", "拿掉", "移出"],
        ],
        optOut: [
            // "请不要再给我发短信", "别再给我发信息了", "不要再发短信给我了", "请勿再发送短信"
            "{NEG} ?再? ?(给|跟|向|对|对着)?(我|我们)? ?{SEND} ?(任何|这些|那些|这种)? ?{MSG}",
            "{NEG} ?再 ?(给|跟|向)?(我|我们)? ?{SEND}(了|啦|吧)",
            "(以后|今后|从此)(请)?{NEG} ?再? ?(给|跟|向)?(我|我们)? ?{SEND}",
            "{NEG} ?再 ?(给|跟|向)(我|我们){SEND}",
            // "不要再联系我", "不要再打扰我了"
            "{NEG} ?再? ?(跟|和)?(我|我们)? ?{CONTACT}(我|我们)",
            "{NEG} ?再 ?{CONTACT}",
            // "我要退订", "取消订阅"
            "退订|取消订阅|取消短信|退出订阅|解除订阅|拒收短信|拒收信息",
            "(不用|不必|不需要)再(给|跟)?(我|我们)?{SEND}",
            // "请停止给我发送短信"
            "(停止|不再) ?(给|向|对)(我|我们) ?{SEND}",
            "(停止|不再){SEND} ?{MSG}",
            // "请把我从名单上删除"
            "(把|将)(我|我们)(的)?(电话|号码|手机号|电话号码|手机号码)?(从|在)(你们的|你们|贵公司的|你的)?{LIST}(上|中|里)?{REMOVE}",
            "(从|在)(你们的|你们|你的)?{LIST}(上|中|里)?{REMOVE}(我|我们|我的)",
            "{REMOVE}我的(电话|号码|手机号|电话号码|手机号码)",
            "(不想|不要|不需要|不愿意)(再)?(收到|接收|收|接到)(任何|这些|你们的|你们|更多)?(的)?{MSG}",
            "(别|不要)(再)?烦我",
        ],
        optIn: [
            // "可以再给我发短信了"
            "(可以|能)(再|重新|继续)(给|跟)?(我|我们)?{SEND}",
            "(恢复|重新)(发送|接收|订阅)",
        ])

    static let chineseTraditional = Grammar(
        language: "zh-Hant", spaced: false,
        classes: [
            "NEG": ["不要", "別", "勿", "甭", "莫", "不許", "不准"],
            "SEND": ["發", "發送", "傳", "傳送", "送", "寄", "推送", "發來", "傳來"],
            "MSG": ["簡訊", "訊息", "信息", "消息", "短信", "短訊", "sms", "廣告", "推銷"],
            "CONTACT": ["聯絡", "聯繫", "打擾", "騷擾", "打電話給", "打給", "煩"],
            "LIST": ["名單", "列表", "通訊錄", "名冊", "資料庫", "系統", "號碼庫", "簡訊名單"],
            "REMOVE": ["刪除", "刪掉", "刪了", "移除", "去掉", "除名", "拿掉", "移出"],
        ],
        optOut: [
            "{NEG} ?再? ?(給|跟|向|對)?(我|我們)? ?{SEND} ?(任何|這些|那些|這種)? ?{MSG}",
            "{NEG} ?再 ?(給|跟|向)?(我|我們)? ?{SEND}(了|啦|吧)",
            "(以後|今後|從此)(請)?{NEG} ?再? ?(給|跟|向)?(我|我們)? ?{SEND}",
            "{NEG} ?再 ?(給|跟|向)(我|我們){SEND}",
            "{NEG} ?再? ?(跟|和)?(我|我們)? ?{CONTACT}(我|我們)",
            "{NEG} ?再 ?{CONTACT}",
            "退訂|取消訂閱|取消簡訊|退出訂閱|解除訂閱|拒收簡訊|拒收訊息",
            "(不用|不必|不需要)再(給|跟)?(我|我們)?{SEND}",
            "(停止|不再) ?(給|向|對)(我|我們) ?{SEND}",
            "(停止|不再){SEND} ?{MSG}",
            "(把|將)(我|我們)(的)?(電話|號碼|手機號碼|電話號碼|手機)?(從|在)(你們的|你們|貴公司的|你的)?{LIST}(上|中|裡|裏)?{REMOVE}",
            "(從|在)(你們的|你們|你的)?{LIST}(上|中|裡|裏)?{REMOVE}(我|我們|我的)",
            "{REMOVE}我的(電話|號碼|手機號碼|電話號碼)",
            "(不想|不要|不需要|不願意)(再)?(收到|接收|收|接到)(任何|這些|你們的|你們|更多)?(的)?{MSG}",
            "(別|不要)(再)?煩我",
        ],
        optIn: [
            "(可以|能)(再|重新|繼續)(給|跟)?(我|我們)?{SEND}",
            "(恢復|重新)(發送|接收|訂閱)",
        ])

    static let vietnamese = Grammar(
        language: "vi",
        classes: [
            // "đừng" folds to "đung"; typed without its stroke it is "dung", which is also "dùng" (use)
            "STOPV": ["đung", "ngung", "thoi", "khoi", "đung co", "đung nen", "tranh", "xin đung", "khong đuoc", "khong duoc"],
            "MSGV": [
                "nhan tin", "nhan", "gui tin", "gui tin nhan", "gui sms", "tin nhan", "goi", "goi dien", "lien lac", "lien he",
                "lam phien", "spam", "sms", "nt", "inbox", "ib", "quay ray", "goi đien",
            ],
            "MSGN": ["tin nhan", "tin", "sms", "tn", "nt", "quang cao", "thong bao", "cuoc goi"],
            "NOT": ["khong", "ko", "k", "hong", "khg", "kg", "chang", "cha"],
            "WANTFILL": ["nhan", "them", "bat ky", "bat ki", "cac", "nhung", "duoc", "đuoc", "tin", "nua", "may", "moi", "gi"],
            "WHO": ["toi", "em", "anh", "chi", "minh", "tui", "tao", "con", "chung toi", "so", "so dien thoai", "sdt", "so cua toi", "ten"],
        ],
        optOut: [
            // "đừng nhắn tin cho tôi nữa", "làm ơn ngừng gửi tin nhắn", "đừng liên lạc với tôi nữa"
            Pattern("{STOPV} ~1(gui|co) {MSGV}", notAfter: ["{NOT}|chua|van|khong_the"], notFollowedBy: ["~1 khi|luc|truoc|sau|hom|mai|gia|bao_gia|hoa_don"]),
            Pattern("dung ~1(gui|co) {MSGV} ~4 nua"),
            // "tôi không muốn nhận tin nhắn nữa", "ko muon nhan tin nhan nua"
            Pattern("{NOT} muon|can|thich|mong ~3{WANTFILL} {MSGN}|nhan_tin"),
            Pattern("huy đang_ky|đang_ki|dang_ky|dang_ki|nhan_tin|theo_doi|sub"),
            // "xoá tôi khỏi danh sách"
            Pattern("xoa|bo|go|loai|dua|đua ~3{WHO} khoi|ra_khoi ~1 danh sach|ds"),
            Pattern("{NOT} ~1(duoc|đuoc) {MSGV} ~2(cho|voi|toi|em|anh|chi|minh|tui) nua"),
        ],
        optIn: [
            Pattern("co the|duoc|đuoc ~2(roi|lai) {MSGV} ~3(cho|voi|toi|em|anh|chi|minh) lai|tiep|tro_lai"),
        ])

    static let tagalog = Grammar(
        language: "tl",
        classes: [
            "NEG": ["wag", "huwag", "wg", "hwag", "huag", "wag na", "huwag na"],
            "MSG": [
                "itext", "i text", "text", "txt", "mag text", "magtext", "mag txt", "magtxt", "mag message",
                "magmessage", "message", "imessage", "i message", "magmensahe", "mensahe", "tawagan", "tumawag",
                "kontakin", "mag sms", "sms", "pm", "magpm", "mag pm", "mag chat", "istorbohin", "abalahin",
                "padalhan", "magpadala", "texts", "messages", "mga text", "mga message",
            ],
            "FILL": ["na", "nyo", "niyo", "po", "kayo", "kayong", "kang", "mo", "ako", "akong", "nang", "ng", "na po", "ninyo", "ninyong", "kami", "kaming", "pa", "sakin", "sa akin", "ulit", "mga", "pls", "please"],
            "STOPF": ["na", "nyo", "niyo", "po", "kayo", "ang", "sa", "nang", "ng", "mo", "na po", "ninyo", "yung", "ung", "mga", "nyo na", "pag", "pagti", "pag te"],
            "STOPMSG": [
                "pag text", "pagtext", "pag message", "pagmessage", "pagtetext", "pag te text", "pag tetext",
                "text", "texts", "message", "messages", "mensahe", "pagmemessage", "pag memessage", "texting",
                "pagpapadala", "pag send", "pagsend", "txt",
            ],
            "LIST": ["listahan", "list", "contacts", "contact list", "database", "system"],
        ],
        optOut: [
            // "wag nyo na akong itext", "huwag na kayong mag-text sa akin"
            Pattern("{NEG} ~4{FILL} {MSG}", notFollowedBy: ["~1 yung|ung|ang|lang|muna|kapag|pag|bago|mamaya|bukas|ngayon|ng_presyo"]),
            // "tigilan nyo na ang pag-text sa akin", "stop na po sa pag text"
            Pattern("tigil*|itigil|hinto|ihinto|tama_na ~4{STOPF} {STOPMSG}"),
            // Taglish "stop na po sa pag text": a Tagalog word right after "stop"
            Pattern("stop na|po|nyo|niyo|na_po|sa|muna_po ~3{STOPF} {STOPMSG}"),
            // "paki-alis ako sa listahan"
            Pattern("alis|alisin|tanggalin|tanggal|paki_alis|pakialis|pakitanggal|paki_tanggal|alisin_nyo|burahin|paki_bura ~4(mo|nyo|na|po|ako|ang|number|numero|ko|yung|ung|niyo|ninyo|kami|na_po) sa|mula ~2(inyong|niyong|nyong|ang|inyo|mga) {LIST}"),
            // "ayoko na ng mga text nyo"
            Pattern("ayoko|ayaw_ko|ayaw_ko_na|di_ko_gusto|hindi_ko_gusto|ayaw_na_namin|ayaw_namin ~4(na|ng|nang|po|mga|ang|ma|makatanggap|tumanggap|ng_mga) text*|message*|mensahe*|sms|txt|tawag"),
        ],
        optIn: [
            Pattern("pwede|puwede|pede ~4 ulit ~3 {MSG}"),
            Pattern("pwede|puwede|pede ~3 {MSG} ~3 ulit"),
        ])

    static let russian = Grammar(
        language: "ru",
        classes: [
            "STOPV": ["перестан*", "прекрат*", "хватит", "харе", "хорош", "завязыва*", "кончайте", "заканчивайте", "прекращайте", "достаточно"],
            "VERB": [
                "писать", "присылать", "слать", "отправлять", "звонить", "беспокоить", "надоедать", "спамить",
                "названивать", "рассылку", "рассылать", "смс", "сообщения", "эсэмэски", "доставать",
            ],
            "FILL": ["мне", "меня", "нам", "нас", "уже", "пожалуйста", "же", "вы", "наконец", "мне уже", "ваши", "эти", "мне свои"],
            "IMPV": [
                "пишите", "пиши", "присылайте", "присылай", "шлите", "шли", "отправляйте", "отправляй", "звоните",
                "звони", "беспокойте", "беспокой", "присылать", "писать", "слать", "отправлять", "звонить",
                "беспокоить", "надоедайте", "спамьте", "пишете", "присылаете",
            ],
            "MSGN": [
                "сообщения", "сообщений", "сообщение", "смс", "смски", "смсок", "sms", "рассылку", "рассылки",
                "рассылок", "уведомления", "уведомлений", "спам", "рекламу", "рекламы", "эсэмэски", "сообщениями",
            ],
            "WANTFILL": ["больше", "получать", "ваши", "ваших", "эти", "этих", "никаких", "никакие", "от", "вас", "ваш", "такие", "таких", "ваша"],
            "LIST": ["списка", "списков", "рассылки", "базы", "контактов", "списку", "базу"],
        ],
        optOut: [
            // "перестаньте мне писать", "прекратите присылать смс", "хватит мне писать"
            Pattern("{STOPV} ~3{FILL} {VERB}", notAfter: ["не|ни"]),
            // "не пишите мне больше", "больше не присылайте мне сообщения"
            Pattern("не ~1(надо|нужно) {IMPV} ~2(мне|нам|сюда|на_этот_номер) больше|никогда"),
            Pattern("больше|никогда не ~1(надо|нужно) {IMPV}"),
            Pattern("не ~1(надо|нужно) {IMPV} мне|нам ~2(сообщения|смс|ничего|больше) $"),
            Pattern("не ~1(надо|нужно) {IMPV} ~2(мне|нам|никаких|больше) {MSGN}"),
            // "не хочу получать сообщения"
            Pattern("не хочу|хочем|хотим|желаю|желаем ~4{WANTFILL} {MSGN}"),
            Pattern("не надо|нужно|нужны ~2{WANTFILL} {MSGN}"),
            // "отпишите меня"
            Pattern("отпиш*|отписат*|отписк*"),
            // "уберите меня из списка", "удалите мой номер"
            Pattern("удалите|удали|уберите|убери|исключите|исключи|вычеркните|вычеркни ~3(меня|мой|номер|нас|пожалуйста|мои|телефон) из|с ~1(вашего|вашей|этого|этой) {LIST}"),
            Pattern("удалите|удали|уберите|убери|сотрите|сотри мой ~1(телефонный|мобильный) номер|телефон ~2(пожалуйста|спасибо) $"),
            Pattern("оставьте|оставь меня|нас в покое"),
        ],
        optIn: [
            // "можете снова мне писать"
            Pattern("можете|можешь|можно ~2(мне|нам|теперь|уже|опять) снова|опять|вновь ~1(мне|нам) {VERB}"),
            Pattern("можете|можешь|можно ~1(мне|нам|теперь) {VERB} ~2(мне|нам) снова|опять|вновь"),
        ])

    static let ukrainian = Grammar(
        language: "uk",
        classes: [
            "STOPV": ["перестан*", "припин*", "досить", "годі", "вистачить", "кінчайте", "завершіть", "припиняйте", "хватит"],
            "VERB": [
                "писати", "надсилати", "слати", "відправляти", "присилати", "дзвонити", "турбувати", "спамити",
                "надокучати", "розсилку", "смс", "повідомлення",
            ],
            "FILL": ["мені", "мене", "нам", "нас", "вже", "будь", "ласка", "будь ласка", "ж", "ви", "нарешті", "ваші", "ці"],
            "IMPV": [
                "пишіть", "пиши", "надсилайте", "надсилай", "шліть", "шли", "відправляйте", "відправляй", "дзвоніть",
                "дзвони", "турбуйте", "турбуй", "присилайте", "писати", "надсилати", "слати", "дзвонити", "турбувати",
            ],
            "MSGN": [
                "повідомлення", "повідомлень", "смс", "смски", "sms", "розсилку", "розсилки", "розсилок",
                "сповіщення", "сповіщень", "спам", "рекламу", "реклами",
            ],
            "WANTFILL": ["більше", "отримувати", "ваші", "ваших", "ці", "цих", "жодних", "жодні", "від", "вас", "такі", "таких"],
            "LIST": ["списку", "списків", "розсилки", "бази", "контактів", "переліку"],
        ],
        optOut: [
            Pattern("{STOPV} ~3{FILL} {VERB}", notAfter: ["не|ні"]),
            Pattern("не ~1(треба|потрібно) {IMPV} ~2(мені|нам|сюди|на_цей_номер) більше|ніколи"),
            Pattern("більше|ніколи не ~1(треба|потрібно) {IMPV}"),
            Pattern("не ~1(треба|потрібно) {IMPV} мені|нам ~2(повідомлення|смс|нічого|більше) $"),
            Pattern("не ~1(треба|потрібно) {IMPV} ~2(мені|нам|жодних|більше) {MSGN}"),
            Pattern("не хочу|хочемо|бажаю|бажаємо ~4{WANTFILL} {MSGN}"),
            Pattern("не треба|потрібно|потрібні ~2{WANTFILL} {MSGN}"),
            Pattern("відпиш*|відписат*|відписк*"),
            Pattern("видаліть|видали|приберіть|прибери|виключіть|виключи|викресліть|викресли ~3(мене|мій|номер|нас|будь|ласка|телефон) з|зі|із ~1(вашого|вашої|цього|цієї) {LIST}"),
            Pattern("видаліть|видали|приберіть|прибери|зітріть|зітри мій ~1(телефонний|мобільний) номер|телефон ~2(будь|ласка|дякую) $"),
            Pattern("залиште|залиш мене|нас у|в спокої"),
        ],
        optIn: [
            Pattern("можете|можеш|можна ~2(мені|нам|тепер|вже) знову|знов ~1(мені|нам) {VERB}"),
            Pattern("можете|можеш|можна ~1(мені|нам|тепер) {VERB} ~2(мені|нам) знову|знов"),
        ])

    static let korean = Grammar(
        language: "ko", spaced: false,
        classes: [
            "MSG": ["문자", "메시지", "메세지", "연락", "톡", "카톡", "sms", "문자메시지", "광고", "알림"],
            "SEND": ["보내", "주", "하", "보내시", "주시", "하시", "날리"],
            "DONT": ["지 ?마", "지 ?말", "지 ?맙", "지 ?마세요", "지 ?마십시오", "지 ?말아", "지 ?말라", "지마"],
            "LIST": ["명단", "목록", "리스트", "연락처", "수신 ?목록", "발송 ?목록"],
        ],
        optOut: [
            // "더 이상 문자 보내지 마세요", "저한테 메시지 보내지 마세요", "문자 보내지 마"
            "{MSG} ?(를|을|좀|는|도|은)? ?(이제|더 ?이상|다시는|절대)? ?(그만 ?)?{SEND} ?{DONT}",
            // "문자 그만 보내세요", "문자 그만 보내"
            "{MSG}.{0,6}그만 ?(보내|주|하|좀|해|연락)",
            "(이제|더 ?이상|다시는) ?{MSG}.{0,6}(보내지|하지|주지) ?(마|말)",
            // "연락하지 마세요"
            "(연락|문자) ?(하지|주지) ?(마|말|맙)",
            // "수신 거부합니다"
            "수신 ?거부|수신 ?거절|구독 ?취소|구독 ?해지|수신 ?중지|수신 ?차단|발송 ?중지|문자 ?차단|광고 ?거부",
            // "명단에서 빼 주세요"
            "{LIST}(에서) ?(저를|제 ?번호를?|저 ?좀|번호 ?좀|좀)? ?(빼|삭제|제외|지워|제거|지우)",
            "(제|내) ?번호 ?(를|좀)? ?(삭제|지워|빼)",
            "{MSG}.{0,8}(받고 ?싶지 ?않|원하지 ?않|필요 ?없)",
        ],
        optIn: [
            "다시 ?{MSG} ?(를|을)? ?{SEND}(셔도|도|어도|셔도 ?돼|도 ?돼|도 ?괜찮)",
            "수신 ?재개|수신 ?동의",
        ])

    static let japanese = Grammar(
        language: "ja", spaced: false,
        classes: [
            "MSG": [
                "メッセージ", "メール", "sms", "ショートメール", "ショートメッセージ", "ライン", "line", "連絡", "通知",
                "案内", "dm", "広告", "メルマガ",
            ],
            "SENDNEG": [
                "送らない", "おくらない", "送信しない", "配信しない", "連絡しない", "れんらくしない", "メールしない",
                "ラインしない", "連絡してこない", "連絡してくるな", "送ってこない", "送ってくるな",
                "送るな", "連絡するな", "メールするな", "送ってこないで", "送らんで",
            ],
            "SENDDO": ["送る", "送信する", "配信する", "連絡する", "メールする", "送ってくる", "連絡してくる", "送信", "配信", "連絡"],
            "STOPDO": ["やめて", "止めて", "辞めて", "停止して", "中止して", "やめろ", "やめてください", "止めてください"],
        ],
        optOut: [
            // "もうメッセージを送らないでください", "メール送らないで", "連絡しないでください"
            "{MSG}[をはもの]? ?(もう|二度と|これ以上)? ?{SENDNEG}",
            "(もう|二度と|これ以上).{0,12}{SENDNEG}",
            "(連絡|メール)(を)?(しないで|してこないで|してくるな|するな|しなくていい)",
            // "SMSを送るのをやめてください"
            "{SENDDO}(の|こと)?(を|は)? ?{STOPDO}",
            "{MSG}(の|を|は)? ?(配信|送信|受信)?(を)? ?(停止|中止|解除|拒否|やめ)",
            // "リストから削除してください"
            "(リスト|名簿|配信リスト|アドレス帳|連絡先|配信先)(から)(削除|外して|はずして|消して|抜いて|除外)",
            // "メッセージはもう要りません"
            "{MSG}(は|も)? ?(もう)? ?(いりません|要りません|いらない|要らない|不要|結構です)",
            "配信解除|登録解除|退会|購読解除|受信拒否|配信拒否",
        ],
        optIn: [
            "(また|再び|もう一度|再度){MSG}?(を)?(送って|送信して|連絡して|配信して)(も)?(いい|大丈夫|かまいません|構いません|ok|結構)",
            "配信(を)?再開|受信(を)?再開",
        ])

    static let arabic = Grammar(
        language: "ar",
        classes: [
            "STOPV": ["توقف", "توقفوا", "توقفي", "اوقف", "اوقفوا", "كف", "كفوا", "بطل", "بطلوا", "بطلي", "اوقفي", "الرجاء_التوقف", "ارجو_التوقف"],
            "SENDN": [
                "ارسال", "مراسلتي", "مراسلة", "مراسلتنا", "الرسائل", "رسائل", "الاتصال", "ازعاجي", "ازعاج",
                "التواصل", "تراسلني", "ترسلوا", "ترسل", "المراسلة", "بعت", "بعث", "الإرسال", "مسجات", "المسجات",
            ],
            "SENDV": [
                "ترسل", "ترسلوا", "ترسلي", "ترسلو", "تبعت", "تبعتوا", "تبعث", "تبعثوا", "تبعتو", "ترسلون",
            ],
            "CONTACTV": ["تراسلني", "تراسلوني", "تراسلنا", "تتصل", "تتصلوا", "تتصلو", "تزعجني", "تزعجوني", "تراسل", "تراسلوا", "تكلمني", "تكلموني"],
            "MSGN": ["رسائل", "الرسائل", "رسالة", "رساله", "مسجات", "مسج", "sms", "رسائلكم", "اعلانات", "الاعلانات", "رسايل"],
            "AFTER": ["لي", "الي", "إلي", "علی", "رسائل", "رسالة", "رساله", "مسجات", "مسج", "بعد", "الآن", "ابدا", "أبدا", "مرة", "مره", "اخری", "أخری", "ثانية", "ثانيه", "أي", "ای", "شي", "شيء", "اي", "لرقمي", "علی_رقمي", "الرسائل"],
            "LIST": ["القائمة", "قائمة", "القائمه", "قائمه", "قائمتكم", "قوائمكم", "القوائم", "قائمتك", "قاعدة", "القاعدة", "جهات_الاتصال"],
        ],
        optOut: [
            // "توقفوا عن إرسال الرسائل لي", "من فضلك توقف عن مراسلتي"
            Pattern("{STOPV} ~1(من_فضلك|رجاء) عن|من {SENDN}", notAfter: ["لا|لم|لن|ما|مش|ليش"]),
            // "لا ترسلوا لي رسائل بعد الآن", "لا تراسلني مرة اخرى"
            Pattern("لا|ما|ماعاد ~1(عاد|تعود) {SENDV} ~3{AFTER} {MSGN}|بعد|ابدا|أبدا|مرة|مره|ثانية|ثانيه|اخری|أخری|شي|شيء"),
            Pattern("لا|ما|ماعاد ~1(عاد|تعود|تعيد) {CONTACTV}"),
            // "ارجو عدم ارسال رسائل لي"
            Pattern("عدم ارسال|إرسال|بعث ~2(اي|أي|لي|الي|إلي) {MSGN}"),
            Pattern("عدم مراسلتي|ازعاجي|الاتصال_بي|التواصل_معي|مراسلتنا"),
            // "لا أريد استلام رسائل"
            Pattern("لا|ما|مش ~1(اعد) اريد|ابغی|ابغا|ارغب|احب|عايز|عاوز|بدي ~4(استلام|استقبال|تلقي|أي|اي|ای|المزيد|من|هذه|هذي|رسائلكم|اية|أية|ان|أن|تصلني|يصلني) {MSGN}"),
            Pattern("الغاء|إلغاء|ايقاف|وقف ~1(هذا) الاشتراك|الرسائل|رسائل|المسجات|الاعلانات"),
            // "كفاية رسائل"
            Pattern("كفاية|كفايه|كفی|خلاص|يكفي ~1(من) {MSGN}|ازعاج"),
            // "احذفوا رقمي من القائمة"
            Pattern("احذف*|امسح*|شيل*|ازل*|ازيل*|اخرج*|اشطب* ~2(رقمي|اسمي|رقم|هاتفي|من_فضلك|لو_سمحت) من ~1(هذه|هذي) {LIST}"),
            Pattern("احذف*|امسح*|شيل*|ازل*|ازيل* رقمي|رقم_هاتفي|رقم_جوالي ~1(من_فضلك|لو_سمحت|رجاء|شكرا) $"),
            Pattern("اتركني|اتركوني|سيبني|سيبوني ~1(في|ب) حالي|شاني|شأني"),
            Pattern("خلوني|خليني|اتركوني|اتركني|سيبوني|سيبني في_حالي|بحالي|بشاني|لحالي|في_شاني"),
        ])

    static let polish = Grammar(
        language: "pl",
        classes: [
            "STOPV": ["przestan*", "przestac", "skonczcie", "skoncz", "dosc", "wystarczy", "koniec", "przestancie", "skonczyc"],
            "VERB": [
                "pisac", "wysylac", "wysylanie", "dzwonic", "smsowac", "esemesowac", "spamowac", "nekac", "zawracac",
                "przysylac", "pisania", "wysylania", "smsow", "wiadomosci", "spamu", "pisaniem", "nekania",
            ],
            "FILL": ["do", "mnie", "mi", "juz", "prosze", "wreszcie", "z", "ze", "tym", "tych", "tymi", "nam", "nas", "wy", "mi_juz", "tego", "z_tymi", "tych_swoich"],
            "IMPV": [
                "piszcie", "pisz", "pisac", "wysylajcie", "wysylaj", "wysylac", "dzwoncie", "dzwon", "dzwonic",
                "smsujcie", "przysylajcie", "przysylaj", "przysylac", "spamujcie", "nekajcie", "zawracajcie",
            ],
            "MSGN": ["sms", "smsy", "smsow", "smsa", "esemesow", "wiadomosci", "wiadomosc", "wiadomosciami", "powiadomien", "powiadomienia", "reklam", "spamu", "spam", "ofert", "maili"],
            "WANTFILL": ["wiecej", "juz", "dostawac", "otrzymywac", "zadnych", "tych", "waszych", "od", "was", "takich", "wiecej_zadnych", "zeby", "mi", "nam", "przysylac", "wysylac"],
            "LIST": ["listy", "bazy", "kontaktow", "subskrypcji", "listy_mailingowej", "wysylki", "mailingu", "systemu"],
        ],
        optOut: [
            // "przestańcie do mnie pisać", "przestań wysyłać mi wiadomości"
            Pattern("{STOPV} ~3{FILL} {VERB}", notAfter: ["nie|ani"]),
            // "nie piszcie do mnie więcej", "prosze nie wysylac mi smsow"
            Pattern("nie {IMPV} ~3(do|mnie|mi|nam|nas|juz|na_ten_numer) wiecej|juz|nigdy"),
            Pattern("nie {IMPV} ~2(do|mnie|mi|nam|nas) $"),
            Pattern("nie {IMPV} ~3(do|mnie|mi|nam|nas|juz|wiecej|zadnych|tych) {MSGN}"),
            Pattern("wiecej|juz|nigdy ~1(do_mnie|mi) nie {IMPV}"),
            // "nie chcę więcej wiadomości", "nie chce dostawac wiadomosci"
            Pattern("nie chce|chcemy|zycze|zyczymy|potrzebuje ~4{WANTFILL} {MSGN}"),
            // "usuńcie mnie z listy", "wypisz mnie"
            Pattern("usun*|wykresl*|wypisz*|wypiszcie|skresl* ~3(mnie|nas|moj|numer|prosze|moj_numer) z|ze ~1(waszej|tej|swojej) {LIST}"),
            Pattern("wypisz|wypiszcie|wypiszesz|wypisac ~1(prosze) mnie|nas|sie"),
            Pattern("usun*|skasuj* moj ~1(nr|numer) numer|nr|telefon ~2(prosze|dziekuje) $"),
            Pattern("zostawcie|zostaw mnie|nas w spokoju"),
        ],
        optIn: [
            Pattern("mozecie|mozesz|mozna ~3(do|mnie|mi|juz|teraz) znowu|znow|ponownie|z_powrotem ~3(do|mnie|mi) pisac|wysylac|smsowac|dzwonic|przysylac"),
        ])

    static let haitianCreole = Grammar(
        language: "ht",
        classes: [
            "STOPV": ["sispann", "sispan", "kanpe", "stop", "rete"],
            "VERB": ["voye", "ekri", "rele", "tekste", "deranje", "anmede", "voye mesaj", "voyem", "ekrim"],
            "FILL": ["m", "mwen", "nou", "ban", "pou", "mesaj", "yo", "tanpri", "sms", "tekst", "anko", "okenn", "non", "pa", "janm", "ba", "nan", "ni", "ou", "w"],
            "MSGN": ["mesaj", "sms", "teks", "tekst", "mesaj yo", "texto"],
            "LIST": ["lis", "lis la", "lis nou", "lis yo", "lis kontak", "sistem", "baz"],
        ],
        optOut: [
            // "sispann voye m mesaj", "sispann ekri mwen"
            Pattern("{STOPV} ~1(tanpri|non) {VERB}", notAfter: ["pa|pat|p"]),
            // "pa voye m mesaj ankò", "tanpri pa voye mesaj ban mwen ankò", "pa ekri m ankò"
            Pattern("pa ~1(janm|jamn|janmen) {VERB} ~5{FILL} anko|ankò|janm|ditou"),
            Pattern("pa ~1(janm|janmen) {VERB} ~3(m|mwen|nou|ban|ba) ~1 {MSGN}", notFollowedBy: ["~1 la|sa|lan"]),
            // "mwen pa vle resevwa mesaj ankò", "m pa bezwen mesaj nou yo anko"
            Pattern("pa vle|bezwen|bezwenn ~3(resevwa|okenn|anko|ankò|pyes|nou) {MSGN}"),
            // "retire m nan lis la"
            Pattern("retire|retirem|wete|wetem|efase|efasem|retiren ~3(m|mwen|nimewo|nimewo_mwen|non_m|tanpri|nou) ~1 nan|sou|de|nan_sou ~1 {LIST}"),
            Pattern("kite m|mwen|nou anpe|trankil"),
        ])

    static let hindi = Grammar(
        language: "hi",
        classes: [
            "MSG": [
                "मैसेज", "मेसेज", "मैसेज़", "मेसेज़", "संदेश", "एसएमएस", "sms", "टेक्स्ट", "मैसेजेस", "मेसेजेस",
                "मैसेजेज", "मेसेजस",
            ],
            "SENDV": [
                "भेजो", "भेजें", "भेजिए", "भेजिये", "भेजना", "भेजा", "करो", "करें", "करिए", "करना", "कीजिए",
                "किया", "भेजे", "भेजें।", "भेजा करो",
            ],
            "BANDV": ["करो", "करें", "करिए", "कीजिए", "कर दो", "कर दें", "कर दीजिए", "करे", "कर दे", "करवाइए", "कर दीजिये", "कीजिये"],
            "LATMSG": ["message", "messages", "msg", "msgs", "sms", "mesage", "text", "mssg"],
            "LATV": ["bhejo", "bhejna", "bhejiye", "bhejen", "bheje", "karo", "karna", "kariye", "kijiye", "karen", "bhejiyega"],
        ],
        optOut: [
            // "मुझे मैसेज मत भेजो", "अब मुझे मेसेज मत करना"
            Pattern("{MSG} ~1(और|भी|अब|कभी|दोबारा) मत|ना|न {SENDV}"),
            Pattern("मत|ना|न भेजो|भेजें|भेजिए|भेजिये|भेजना ~2(मुझे|हमें|अब|कोई|और) {MSG}"),
            // "कृपया मुझे मैसेज भेजना बंद करें", "मुझे मैसेज करना बंद करो"
            Pattern("{MSG} ~1(भेजना|करना|देना) बंद {BANDV}", notFollowedBy: ["~1 नहीं|नही"]),
            // "मुझे और मैसेज नहीं चाहिए"
            Pattern("{MSG} ~1(और|भी|अब|कोई|आपके) नहीं|नही चाहिए|चाहिये|चाहता|चाहती|चाहते"),
            Pattern("और|कोई {MSG} ~1(मत|ना) भेजें|भेजो|भेजिए"),
            // "मेरा नंबर लिस्ट से हटा दो"
            Pattern("नंबर|नम्बर|मुझे|मुझको|हमें ~2(को|लिस्ट|सूची|अपनी) से ~1(हटा|निकाल|डिलीट) हटा*|निकाल*|डिलीट*"),
            Pattern("नंबर|नम्बर ~1(को) हटा*|डिलीट* ~2(दो|दें|दीजिए|कर|करो|करें) $"),
            // romanised: "mujhe message mat bhejo", "msg bhejna band karo"
            Pattern("{LATMSG} ~1(aur|ab|kabhi|dobara) mat|na|nahi {LATV}"),
            Pattern("{LATMSG} ~1(bhejna|karna|dena) band|bund {LATV}|kar|kardo|kar_do|kare|karein"),
            Pattern("{LATMSG} nahi|nahin chahiye"),
        ])

    static let persian = Grammar(
        language: "fa",
        classes: [
            "MSG": ["پیام", "پیامک", "اس ام اس", "اس‌ام‌اس", "sms", "مسیج", "پیام‌ها", "پیامها", "تبلیغات", "پیامک‌ها", "پیامکها"],
            "NOSEND": [
                "نده", "ندهید", "ندین", "ندید", "نفرست", "نفرستید", "نفرستین", "نفرستی", "نزن", "نزنید", "نزنین",
                "نفرستيد", "ندهيد",
            ],
            "NOWANT": ["نمی خوام", "نمیخوام", "نمی خواهم", "نمیخواهم", "نمی‌خوام", "نمی‌خواهم", "نمیخایم", "نمی خوایم", "نمی خواهیم", "نمیخواهیم"],
        ],
        optOut: [
            // "دیگه به من پیام نده", "لطفا پیام نفرستید", "پیامک نفرستید"
            Pattern("{MSG} ~1(دیگه|دیگر|هیچ|ها|رو|را) {NOSEND}"),
            Pattern("دیگه|دیگر ~3(به|من|ما|برای|برام|بهم) {NOSEND}"),
            // "نمی خوام پیام دریافت کنم"
            Pattern("{NOWANT} ~2(دیگه|دیگر|هیچ) {MSG}"),
            Pattern("{MSG} ~3(دیگه|دیگر|هیچ|دریافت|بگیرم|کنم|ها|رو|را|شما|تون) {NOWANT}"),
            // "شماره منو از لیست حذف کنید", "لغو عضویت"
            Pattern("از لیست|فهرست ~2(تون|تان|خود|شما|ها|پیامک) حذف|پاک|خارج"),
            Pattern("شماره ~2(من|منو|مرا|ام|م) ~1(رو|را) حذف|پاک"),
            Pattern("لغو عضویت|اشتراک|پیامک|پیام|پیامها|پیام‌ها"),
            Pattern("مزاحم نشید|نشوید|نشین|نشو"),
        ])

    static let somali = Grammar(
        language: "so",
        classes: [
            "MSG": ["fariin", "fariimo", "fariimaha", "fariinta", "farriin", "farriimo", "farriimaha", "farriinta", "sms", "fariin*", "farriin*", "fariim*", "farriim*", "msg"],
            "SENDNEG": ["dirin", "dirina", "soo_dirin", "soo_dirina", "qorin", "qorina", "wicin", "wicina", "dirinin"],
        ],
        optOut: [
            // "ha ii soo dirin fariin dambe", "fariin ha ii soo dirina"
            Pattern("{MSG} ~2(dambe|kale|ah) ha ~3(ii|noo|soo|mar|dambe|kale|iigu) {SENDNEG}"),
            Pattern("ha ~3(ii|noo|soo|mar|dambe|kale|iigu) {SENDNEG} ~2(ii|soo) {MSG}"),
            Pattern("ha ~3(ii|noo|soo|mar|dambe|kale|iigu) {SENDNEG} dambe|kale|mar_dambe $"),
            // "joojiya fariimaha"
            Pattern("jooji* ~1(soo) {MSG}|dirista|soo_dirista|diritaanka"),
            Pattern("{MSG} ~2(soo|dirista|ii) jooji*"),
            // "iga saar liiska"
            Pattern("iga|naga saar|tirtir|bixi|saara ~2 liiska|liis|liiskaaga|liiskiinna"),
            // "ma rabo fariimo"
            Pattern("ma|uma rabo|doonayo|baahni|baahnin ~2(wax|dambe|kale) {MSG}"),
        ])

    static let amharic = Grammar(
        language: "am",
        classes: [
            "MSG": ["መልእክት*", "መልዕክት*", "መልክት*", "ኤስኤምኤስ", "sms", "ቴክስት", "መልእክቶች"],
        ],
        optOut: [
            // "መልእክት አትላኩልኝ", "ከእንግዲህ መልእክት አትላኩ"
            Pattern("{MSG} ~2 አትላ*|አትስደ*|አትፃ*|አትጻ*|አይላክ*|አትደው*"),
            Pattern("ከእንግዲህ|ከአሁን_በኋላ|ዳግመኛ ~2 አትላ*|አትደው*|አትጻ*|አትፃ*"),
            // "መልዕክት መላክ አቁሙ"
            Pattern("{MSG}|መላክ|መላኩን ~1(መላክ|መላኩን) አቁሙ|አቁም|አቁሚ|ይቁም|ያቁሙ|አቁሙልኝ|ይብቃ"),
            // "ከዝርዝሩ አውጡኝ"
            Pattern("ከዝርዝሩ|ከዝርዝር|ከዝርዝራችሁ|ከሊስቱ ~1 አውጡ*|አስወጡ*|ሰርዙ*|ያውጡ*|አጥፉ*|ሰርዘ*|አውጣ*"),
        ])
}
