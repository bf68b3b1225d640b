using System.Collections.Frozen;
using System.Text;
using System.Xml.Linq;

namespace Inkport.Conversion.Formats.Docx;

/// <summary>Office Math (OMML, <c>m:oMath</c>) linearised to the LaTeX that Feishu's equation
/// elements hold (KaTeX). Best effort: fractions, scripts, radicals, n-ary operators, delimiters,
/// functions, accents, bars, limits, matrices and equation arrays; symbols KaTeX knows by name
/// are named, other characters are kept as they are.</summary>
internal static class OmmlToLatex
{
    private const int MaxDepth = 64;

    public static string Convert(XElement math)
    {
        var output = new StringBuilder();
        Children(math, output, 0);
        return output.ToString().Trim();
    }

    private static void Children(XElement element, StringBuilder output, int depth)
    {
        foreach (var child in element.Elements()) Node(child, output, depth + 1);
    }

    private static void Node(XElement element, StringBuilder output, int depth)
    {
        if (depth > MaxDepth) return;
        var ns = WordXml.Classify(element.Name.NamespaceName);
        var local = element.Name.LocalName;
        if (ns == Ns.W)
        {
            // Word runs inside math (formatted text).
            if (local == "t") Text(element.Value, output);
            else if (local is "r" or "ins" or "moveTo" or "smartTag" or "customXml") Children(element, output, depth);
            return;
        }
        if (ns != Ns.M) return;
        switch (local)
        {
            case "r": Children(element, output, depth); break;
            case "t": Text(element.Value, output); break;
            case "f":
                var linear = Prop(element, "fPr", "type") is "lin" or "skw";
                if (linear) { Group(element.M("num"), output, depth); output.Append('/'); Group(element.M("den"), output, depth); }
                else { output.Append("\\frac"); Group(element.M("num"), output, depth); Group(element.M("den"), output, depth); }
                break;
            case "sSup": Group(element.M("e"), output, depth); output.Append('^'); Group(element.M("sup"), output, depth); break;
            case "sSub": Group(element.M("e"), output, depth); output.Append('_'); Group(element.M("sub"), output, depth); break;
            case "sSubSup":
                Group(element.M("e"), output, depth);
                output.Append('_'); Group(element.M("sub"), output, depth);
                output.Append('^'); Group(element.M("sup"), output, depth);
                break;
            case "sPre":
                output.Append("{}_"); Group(element.M("sub"), output, depth);
                output.Append('^'); Group(element.M("sup"), output, depth);
                Group(element.M("e"), output, depth);
                break;
            case "rad":
                output.Append("\\sqrt");
                var degree = element.M("deg");
                if (degree is not null && degree.HasElements && !WordXml.OnOff(Prop(element, "radPr", "degHide") ?? "0"))
                {
                    output.Append('['); Children(degree, output, depth); output.Append(']');
                }
                Group(element.M("e"), output, depth);
                break;
            case "nary":
                var op = Prop(element, "naryPr", "chr") ?? "∫";
                output.Append(Symbol(op)).Append(' ');
                if (element.M("sub") is { HasElements: true } sub) { output.Append('_'); Group(sub, output, depth); }
                if (element.M("sup") is { HasElements: true } sup) { output.Append('^'); Group(sup, output, depth); }
                Group(element.M("e"), output, depth);
                break;
            case "d":
                var open = Prop(element, "dPr", "begChr") ?? "(";
                var close = Prop(element, "dPr", "endChr") ?? ")";
                var separator = Prop(element, "dPr", "sepChr") ?? "|";
                output.Append("\\left").Append(Delimiter(open));
                var first = true;
                foreach (var part in element.Elements().Where(e => e.Name.LocalName == "e"))
                {
                    if (!first) output.Append(Symbol(separator));
                    first = false;
                    Children(part, output, depth);
                }
                output.Append("\\right").Append(Delimiter(close));
                break;
            case "func":
                var name = new StringBuilder();
                if (element.M("fName") is { } fName) Children(fName, name, depth);
                var text = name.ToString();
                output.Append(KnownFunctions.Contains(text) ? "\\" + text : "\\operatorname{" + text + "}");
                output.Append(' ');
                Group(element.M("e"), output, depth);
                break;
            case "acc":
                output.Append(Accent(Prop(element, "accPr", "chr") ?? "\u0302"));
                Group(element.M("e"), output, depth);
                break;
            case "bar":
                output.Append(Prop(element, "barPr", "pos") == "top" ? "\\overline" : "\\underline");
                Group(element.M("e"), output, depth);
                break;
            case "groupChr":
                output.Append(Prop(element, "groupChrPr", "pos") == "top" ? "\\overbrace" : "\\underbrace");
                Group(element.M("e"), output, depth);
                break;
            case "limLow":
                Group(element.M("e"), output, depth); output.Append('_'); Group(element.M("lim"), output, depth);
                break;
            case "limUpp":
                output.Append("\\overset"); Group(element.M("lim"), output, depth); Group(element.M("e"), output, depth);
                break;
            case "m":
                output.Append("\\begin{matrix}");
                var firstRow = true;
                foreach (var row in element.Elements().Where(e => e.Name.LocalName == "mr"))
                {
                    if (!firstRow) output.Append(" \\\\ ");
                    firstRow = false;
                    var firstCell = true;
                    foreach (var cell in row.Elements().Where(e => e.Name.LocalName == "e"))
                    {
                        if (!firstCell) output.Append(" & ");
                        firstCell = false;
                        Children(cell, output, depth);
                    }
                }
                output.Append("\\end{matrix}");
                break;
            case "eqArr":
                output.Append("\\begin{aligned}");
                var firstLine = true;
                foreach (var line in element.Elements().Where(e => e.Name.LocalName == "e"))
                {
                    if (!firstLine) output.Append(" \\\\ ");
                    firstLine = false;
                    Children(line, output, depth);
                }
                output.Append("\\end{aligned}");
                break;
            case "borderBox": output.Append("\\boxed"); Group(element.M("e"), output, depth); break;
            case "oMath" or "oMathPara" or "e" or "num" or "den" or "sub" or "sup" or "deg" or "lim" or "fName" or "box" or "phant":
                Children(element, output, depth);
                break;
        }
    }

    private static XElement? M(this XElement element, string local)
    {
        foreach (var child in element.Elements())
        {
            if (child.Name.LocalName == local && WordXml.Classify(child.Name.NamespaceName) == Ns.M) return child;
        }
        return null;
    }

    /// <summary>The m:val of a property such as m:naryPr/m:chr.</summary>
    private static string? Prop(XElement element, string properties, string name)
    {
        var property = element.M(properties)?.M(name);
        if (property is null) return null;
        foreach (var attribute in property.Attributes()) if (attribute.Name.LocalName == "val") return attribute.Value;
        return null;
    }

    private static void Group(XElement? element, StringBuilder output, int depth)
    {
        output.Append('{');
        if (element is not null) Children(element, output, depth);
        output.Append('}');
    }

    private static void Text(string text, StringBuilder output)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var s = rune.ToString();
            // Invisible operators (function application, invisible times) carry no glyph.
            if (rune.Value is >= 0x2061 and <= 0x2064) continue;
            if (s == "〖") output.Append('{');
            else if (s == "〗") output.Append('}');
            else if (Symbols.TryGetValue(s, out var named)) output.Append(named).Append(' ');
            else if (s is "{" or "}" or "#" or "$" or "%" or "&" or "_") output.Append('\\').Append(s);
            else if (s == "\\") output.Append("\\backslash ");
            else output.Append(s);
        }
    }

    private static string Symbol(string text) => Symbols.TryGetValue(text, out var named) ? named : text;

    private static string Delimiter(string text) => text switch
    {
        "" => ".",
        "{" => "\\{",
        "}" => "\\}",
        "〈" or "⟨" => "\\langle",
        "〉" or "⟩" => "\\rangle",
        "‖" => "\\|",
        "⌈" => "\\lceil",
        "⌉" => "\\rceil",
        "⌊" => "\\lfloor",
        "⌋" => "\\rfloor",
        _ => text,
    };

    private static string Accent(string chr) => chr switch
    {
        "\u0303" or "~" => "\\tilde",
        "\u0304" or "\u0305" or "¯" => "\\bar",
        "\u20D7" or "\u2192" => "\\vec",
        "\u0307" or "˙" => "\\dot",
        "\u0308" or "¨" => "\\ddot",
        "\u030C" => "\\check",
        "\u0301" => "\\acute",
        "\u0300" => "\\grave",
        "\u0306" => "\\breve",
        _ => "\\hat",
    };

    private static readonly FrozenSet<string> KnownFunctions = FrozenSet.ToFrozenSet(
    [
        "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "coth",
        "log", "ln", "lg", "exp", "lim", "max", "min", "sup", "inf", "det", "dim", "ker", "deg", "gcd", "arg", "Pr",
    ]);

    private static readonly FrozenDictionary<string, string> Symbols = new Dictionary<string, string>
    {
        ["α"] = "\\alpha", ["β"] = "\\beta", ["γ"] = "\\gamma", ["δ"] = "\\delta", ["ε"] = "\\epsilon", ["ζ"] = "\\zeta",
        ["η"] = "\\eta", ["θ"] = "\\theta", ["ι"] = "\\iota", ["κ"] = "\\kappa", ["λ"] = "\\lambda", ["μ"] = "\\mu",
        ["ν"] = "\\nu", ["ξ"] = "\\xi", ["π"] = "\\pi", ["ρ"] = "\\rho", ["σ"] = "\\sigma", ["τ"] = "\\tau",
        ["υ"] = "\\upsilon", ["φ"] = "\\phi", ["χ"] = "\\chi", ["ψ"] = "\\psi", ["ω"] = "\\omega",
        ["Γ"] = "\\Gamma", ["Δ"] = "\\Delta", ["Θ"] = "\\Theta", ["Λ"] = "\\Lambda", ["Ξ"] = "\\Xi", ["Π"] = "\\Pi",
        ["Σ"] = "\\Sigma", ["Φ"] = "\\Phi", ["Ψ"] = "\\Psi", ["Ω"] = "\\Omega",
        ["∑"] = "\\sum", ["∏"] = "\\prod", ["∐"] = "\\coprod", ["∫"] = "\\int", ["∬"] = "\\iint", ["∭"] = "\\iiint",
        ["∮"] = "\\oint", ["⋃"] = "\\bigcup", ["⋂"] = "\\bigcap", ["∞"] = "\\infty", ["∂"] = "\\partial", ["∇"] = "\\nabla",
        ["≤"] = "\\le", ["≥"] = "\\ge", ["≠"] = "\\ne", ["≈"] = "\\approx", ["≡"] = "\\equiv", ["∼"] = "\\sim",
        ["×"] = "\\times", ["÷"] = "\\div", ["±"] = "\\pm", ["∓"] = "\\mp", ["·"] = "\\cdot", ["⋅"] = "\\cdot",
        ["→"] = "\\to", ["←"] = "\\leftarrow", ["⇒"] = "\\Rightarrow", ["⇔"] = "\\Leftrightarrow", ["↔"] = "\\leftrightarrow",
        ["∈"] = "\\in", ["∉"] = "\\notin", ["⊂"] = "\\subset", ["⊆"] = "\\subseteq", ["⊃"] = "\\supset", ["∪"] = "\\cup",
        ["∩"] = "\\cap", ["∅"] = "\\emptyset", ["∀"] = "\\forall", ["∃"] = "\\exists", ["¬"] = "\\neg", ["∧"] = "\\land",
        ["∨"] = "\\lor", ["…"] = "\\ldots", ["⋯"] = "\\cdots", ["°"] = "^\\circ", ["′"] = "'", ["∝"] = "\\propto",
        ["√"] = "\\surd", ["ℝ"] = "\\mathbb{R}", ["ℕ"] = "\\mathbb{N}", ["ℤ"] = "\\mathbb{Z}", ["ℚ"] = "\\mathbb{Q}", ["ℂ"] = "\\mathbb{C}",
    }.ToFrozenDictionary();
}
