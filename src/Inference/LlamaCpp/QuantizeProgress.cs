using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// The quantizer's progress, read from llama.cpp's per-tensor log lines (<c>[  12/ 272] blk.3.ffn_up.weight ...</c>):
/// one bar redrawn in place on a terminal, a line per tenth otherwise.
/// </summary>
internal sealed partial class QuantizeProgress
{
    private const int BarWidth = 30;
    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly Lock _lock = new();
    private int _lastTenth = -1;
    private bool _drawn;

    public QuantizeProgress(TextWriter output, bool interactive)
    {
        _output = output;
        _interactive = interactive;
    }

    public int Done { get; private set; }

    public int Total { get; private set; }

    public void OnNativeLine(string line)
    {
        var match = TensorLine().Match(line);
        if (!match.Success)
        {
            return;
        }

        lock (_lock)
        {
            Done = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            Total = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
            var filled = Total == 0 ? 0 : Done * BarWidth / Total;
            var text = string.Create(CultureInfo.InvariantCulture,
                $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {Done,5}/{Total} {match.Groups[3].Value}");
            if (_interactive)
            {
                _output.Write($"\r{text,-100}");
                _drawn = true;
                return;
            }

            var tenth = Total == 0 ? 10 : Done * 10 / Total;
            if (tenth != _lastTenth)
            {
                _lastTenth = tenth;
                _output.WriteLine(text);
            }
        }
    }

    public void Complete()
    {
        lock (_lock)
        {
            if (_drawn)
            {
                _output.WriteLine();
            }
        }
    }

    [GeneratedRegex(@"^\[\s*(\d+)/\s*(\d+)\]\s+(\S+)")]
    private static partial Regex TensorLine();
}
