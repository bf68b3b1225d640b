using System.Collections.Frozen;

namespace Inkport.Conversion.Model;

/// <summary>The code block language enum of spec/05 §4.4 (official numbering: Logo is 35, so
/// everything after Lisp is one higher than in third-party enums that omit it).</summary>
public enum CodeLanguage
{
    PlainText = 1, ABAP = 2, Ada = 3, Apache = 4, Apex = 5, Assembly = 6, Bash = 7, CSharp = 8,
    Cpp = 9, C = 10, COBOL = 11, CSS = 12, CoffeeScript = 13, D = 14, Dart = 15, Delphi = 16,
    Django = 17, Dockerfile = 18, Erlang = 19, Fortran = 20, FoxPro = 21, Go = 22, Groovy = 23,
    HTML = 24, HTMLBars = 25, HTTP = 26, Haskell = 27, JSON = 28, Java = 29, JavaScript = 30,
    Julia = 31, Kotlin = 32, LaTeX = 33, Lisp = 34, Logo = 35, Lua = 36, MATLAB = 37,
    Makefile = 38, Markdown = 39, Nginx = 40, ObjectiveC = 41, OpenEdgeABL = 42, PHP = 43,
    Perl = 44, PostScript = 45, PowerShell = 46, Prolog = 47, ProtoBuf = 48, Python = 49, R = 50,
    RPG = 51, Ruby = 52, Rust = 53, SAS = 54, SCSS = 55, SQL = 56, Scala = 57, Scheme = 58,
    Scratch = 59, Shell = 60, Swift = 61, Thrift = 62, TypeScript = 63, VBScript = 64,
    VisualBasic = 65, XML = 66, YAML = 67, CMake = 68, Diff = 69, Gherkin = 70, GraphQL = 71,
    GLSL = 72, Properties = 73, Solidity = 74, TOML = 75,
}

/// <summary>Maps the names sources use for a language (Markdown fence info, HTML classes) to the enum.</summary>
public static class CodeLanguages
{
    public const int PlainText = (int)CodeLanguage.PlainText;

    private static readonly FrozenDictionary<string, CodeLanguage> Names = BuildNames();

    private static FrozenDictionary<string, CodeLanguage> BuildNames()
    {
        var names = new Dictionary<string, CodeLanguage>(StringComparer.OrdinalIgnoreCase);
        // Every enum name is its own alias ("python", "json", "objectivec", ...).
        foreach (var language in Enum.GetValues<CodeLanguage>()) names[language.ToString()] = language;

        void Alias(CodeLanguage language, params string[] aliases)
        {
            foreach (var alias in aliases) names[alias] = language;
        }

        Alias(CodeLanguage.PlainText, "text", "txt", "plain", "plaintext", "none", "nohighlight");
        Alias(CodeLanguage.Assembly, "asm", "nasm", "masm", "x86asm", "armasm", "s", "assembly-language");
        Alias(CodeLanguage.Bash, "sh");
        Alias(CodeLanguage.Shell, "zsh", "ksh", "fish", "console", "shell-session", "shellsession", "sh-session");
        Alias(CodeLanguage.CSharp, "cs", "c#", "csharp", "dotnet");
        Alias(CodeLanguage.Cpp, "c++", "cpp", "cxx", "cc", "hpp", "hxx", "h++");
        Alias(CodeLanguage.C, "h");
        Alias(CodeLanguage.COBOL, "cbl", "cob");
        Alias(CodeLanguage.CoffeeScript, "coffee", "cson", "iced");
        Alias(CodeLanguage.Delphi, "pascal", "pas", "dpr", "objectpascal");
        Alias(CodeLanguage.Django, "jinja", "jinja2", "j2");
        Alias(CodeLanguage.Dockerfile, "docker", "containerfile");
        Alias(CodeLanguage.Erlang, "erl");
        Alias(CodeLanguage.Fortran, "f90", "f95", "f77", "for");
        Alias(CodeLanguage.Go, "golang");
        Alias(CodeLanguage.Groovy, "gradle");
        Alias(CodeLanguage.HTML, "htm", "xhtml");
        Alias(CodeLanguage.HTMLBars, "handlebars", "hbs", "mustache");
        Alias(CodeLanguage.HTTP, "https");
        Alias(CodeLanguage.Haskell, "hs");
        Alias(CodeLanguage.JSON, "json5", "jsonc", "jsonl", "geojson");
        Alias(CodeLanguage.JavaScript, "js", "jsx", "mjs", "cjs", "node", "ecmascript");
        Alias(CodeLanguage.Julia, "jl");
        Alias(CodeLanguage.Kotlin, "kt", "kts");
        Alias(CodeLanguage.LaTeX, "tex", "latex", "katex", "math");
        Alias(CodeLanguage.Lisp, "elisp", "emacs-lisp", "clojure", "clj", "commonlisp", "cl");
        Alias(CodeLanguage.MATLAB, "m", "octave");
        Alias(CodeLanguage.Makefile, "make", "mk", "mak", "gnumake");
        Alias(CodeLanguage.Markdown, "md", "mkd", "mkdown", "gfm");
        Alias(CodeLanguage.Nginx, "nginxconf");
        Alias(CodeLanguage.ObjectiveC, "objc", "objective-c", "obj-c", "objectivec", "mm", "objc++", "objective-c++");
        Alias(CodeLanguage.OpenEdgeABL, "abl", "progress", "openedge");
        Alias(CodeLanguage.PHP, "php3", "php4", "php5", "php7", "php8", "phtml");
        Alias(CodeLanguage.Perl, "pl", "pm", "perl5");
        Alias(CodeLanguage.PostScript, "ps", "eps");
        Alias(CodeLanguage.PowerShell, "ps1", "psm1", "psd1", "pwsh", "posh", "power-shell");
        Alias(CodeLanguage.Prolog, "pro");
        Alias(CodeLanguage.ProtoBuf, "proto", "protobuf", "proto3");
        Alias(CodeLanguage.Python, "py", "py3", "python3", "python2", "gyp", "ipython", "pycon");
        Alias(CodeLanguage.R, "rscript", "splus");
        Alias(CodeLanguage.Ruby, "rb", "gemspec", "podspec", "rake", "jruby", "erb");
        Alias(CodeLanguage.Rust, "rs");
        Alias(CodeLanguage.SCSS, "sass", "less");
        Alias(CodeLanguage.SQL, "mysql", "postgresql", "postgres", "psql", "plsql", "pgsql", "tsql", "sqlite", "plpgsql");
        Alias(CodeLanguage.Scala, "sc");
        Alias(CodeLanguage.Scheme, "scm", "racket", "rkt");
        Alias(CodeLanguage.Swift, "swiftui");
        Alias(CodeLanguage.TypeScript, "ts", "tsx", "mts", "cts");
        Alias(CodeLanguage.VBScript, "vbs");
        Alias(CodeLanguage.VisualBasic, "vb", "vba", "vbnet", "vb.net", "visual-basic");
        Alias(CodeLanguage.XML, "xsd", "xsl", "xslt", "svg", "rss", "atom", "plist", "wsdl", "xaml", "csproj", "msbuild");
        Alias(CodeLanguage.YAML, "yml");
        Alias(CodeLanguage.CMake, "cmakelists", "cmakelists.txt");
        Alias(CodeLanguage.Diff, "patch", "udiff");
        Alias(CodeLanguage.Gherkin, "cucumber", "feature");
        Alias(CodeLanguage.GraphQL, "gql");
        Alias(CodeLanguage.GLSL, "opengl", "vert", "frag", "hlsl", "shader", "opengl-shading-language");
        // INI and .env files are key = value lists: the closest of Feishu's languages is Properties.
        Alias(CodeLanguage.Properties, "ini", "cfg", "conf", "config", "env", "dotenv", "editorconfig", "gitconfig", "java-properties");
        Alias(CodeLanguage.Solidity, "sol");
        return names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The language number for a fence name or class such as "js", "c++", "language-python"; PlainText if unknown.</summary>
    public static int Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return PlainText;
        var key = name.Trim();
        // Fence info may carry attributes after the name ("python {.numberLines}", "js,linenos").
        var end = key.AsSpan().IndexOfAny(" \t,{");
        if (end > 0) key = key[..end];
        foreach (var prefix in (ReadOnlySpan<string>)["language-", "lang-"])
        {
            if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) { key = key[prefix.Length..]; break; }
        }
        // Pandoc-style ".python" and "{.python}" fences.
        key = key.TrimStart('{', '.').TrimEnd('}');
        return Names.TryGetValue(key, out var language) ? (int)language : PlainText;
    }
}
