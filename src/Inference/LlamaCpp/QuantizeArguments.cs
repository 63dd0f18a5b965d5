namespace ChatHub.Inference.LlamaCpp;

/// <summary>The parsed arguments of <see cref="QuantizeCommand"/>.</summary>
internal sealed record QuantizeArguments(string Input, string Output, string Type, int? Threads, string? NativeDirectory)
{
    public static bool TryParse(IReadOnlyList<string> args, out QuantizeArguments arguments, out string problem)
    {
        arguments = new QuantizeArguments(string.Empty, string.Empty, string.Empty, null, null);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is not ("--in" or "--out" or "--type" or "--threads" or "--native"))
            {
                problem = name is "-h" or "--help" ? "help requested." : $"unknown argument '{name}'.";
                return false;
            }

            if (i + 1 >= args.Count)
            {
                problem = $"{name} needs a value.";
                return false;
            }

            values[name] = args[++i];
        }

        foreach (var required in new[] { "--in", "--out", "--type" })
        {
            if (!values.ContainsKey(required))
            {
                problem = $"{required} is required.";
                return false;
            }
        }

        int? threads = null;
        if (values.TryGetValue("--threads", out var text))
        {
            if (!int.TryParse(text, out var count) || count < 1)
            {
                problem = $"--threads must be a positive number, not '{text}'.";
                return false;
            }

            threads = count;
        }

        arguments = new QuantizeArguments(values["--in"], values["--out"], values["--type"], threads, values.GetValueOrDefault("--native"));
        problem = string.Empty;
        return true;
    }
}
