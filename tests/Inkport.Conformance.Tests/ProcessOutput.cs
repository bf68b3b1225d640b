using System.Diagnostics;
using System.Text;

namespace Inkport.Conformance.Tests;

/// <summary>Collects a child process's stdout and stderr lines, interleaved, up to a bound.</summary>
internal sealed class ProcessOutput
{
    private const int MaxChars = 512 * 1024;
    private readonly StringBuilder _text = new();
    private bool _truncated;

    public void Attach(Process process)
    {
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_text)
        {
            if (_text.Length + line.Length > MaxChars)
            {
                _truncated = true;
                return;
            }
            _text.AppendLine(line);
        }
    }

    public string Text
    {
        get
        {
            lock (_text)
                return _truncated ? _text + "[... output truncated ...]\n" : _text.ToString();
        }
    }

    /// <summary>The last <paramref name="lines"/> lines.</summary>
    public string Tail(int lines)
    {
        var all = Text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
