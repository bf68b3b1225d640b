using System.Text.Encodings.Web;
using System.Text.Json;
using Inkport.Client;

namespace Inkport.Cli;

internal static class Output
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Task JsonAsync(CliEnvironment env, object value) => env.Out.WriteLineAsync(JsonSerializer.Serialize(value, Indented));

    public static InkportClient Client(GlobalOptions global, System.CommandLine.ParseResult parse, CliEnvironment env) =>
        new(global.Connection(parse, env).ToOptions());
}
