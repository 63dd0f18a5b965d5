namespace ChatHub.Testing.Gguf;

/// <summary>
/// A small SentencePiece ("llama") vocabulary: &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, the ChatML control tokens, the 256
/// byte-fallback tokens (so any text tokenizes), then characters, common English words and letter pairs, padded
/// with letter combinations up to the wanted size. Scores favour longer pieces, so words merge.
/// </summary>
public static class SyntheticVocabulary
{
    public const int Unknown = 0;
    public const int Bos = 1;
    public const int Eos = 2;
    public const int ImStart = 3;
    public const int ImEnd = 4;

    /// <summary>The tokens the random models never predict (their output rows are zero): the special ones.</summary>
    public const int SpecialCount = 5;

    private const int TypeNormal = 1;
    private const int TypeUnknown = 2;
    private const int TypeControl = 3;
    private const int TypeUserDefined = 4;
    private const int TypeByte = 6;

    /// <summary>The tool-call tags, the last two tokens of a vocabulary made with tool tokens.</summary>
    public static readonly string[] ToolTokens = ["<tool_call>", "</tool_call>"];

    private static readonly string[] Words =
    [
        "the", "a", "an", "and", "or", "to", "of", "in", "on", "for", "with", "is", "are", "was", "be", "it", "you", "I",
        "we", "they", "he", "she", "this", "that", "what", "how", "why", "when", "where", "who", "can", "do", "does",
        "hello", "hi", "help", "please", "thanks", "yes", "no", "chat", "hub", "bot", "message", "reply", "question",
        "answer", "model", "token", "time", "day", "good", "great", "more", "some", "all", "one", "two", "three", "my",
        "your", "our", "about", "from", "by", "at", "as", "if", "not", "will", "would", "could", "should", "have", "has",
        "tell", "me", "know", "like", "use", "work", "weather", "today", "story", "short", "long", "write", "explain",
    ];

    public static (string[] Tokens, float[] Scores, int[] Types) Create(int size, bool withToolTokens = false)
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>" };
        var types = new List<int> { TypeUnknown, TypeControl, TypeControl, TypeControl, TypeControl };
        for (var b = 0; b < 256; b++)
        {
            tokens.Add($"<0x{b:X2}>");
            types.Add(TypeByte);
        }

        var seen = new HashSet<string>(tokens, StringComparer.Ordinal);
        void AddNormal(string piece)
        {
            if (tokens.Count < size && seen.Add(piece))
            {
                tokens.Add(piece);
                types.Add(TypeNormal);
            }
        }

        AddNormal("\u2581");
        for (var c = 33; c < 127; c++)
        {
            AddNormal(((char)c).ToString());
        }

        foreach (var word in Words)
        {
            AddNormal("\u2581" + word);
            AddNormal(word);
        }

        const string letters = "etaoinshrdlucmfwypvbgkjqxz";
        foreach (var first in letters)
        {
            foreach (var second in letters)
            {
                AddNormal($"{first}{second}");
                AddNormal($"\u2581{first}{second}");
            }
        }

        for (var n = 0; tokens.Count < size; n++)
        {
            AddNormal($"\u2581{letters[n % 26]}{letters[n / 26 % 26]}{letters[n / 676 % 26]}{(n >= 17576 ? n / 17576 : string.Empty)}");
        }

        if (tokens.Count < size)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "Too small for the special and byte tokens.");
        }

        if (withToolTokens)
        {
            for (var i = 0; i < ToolTokens.Length; i++)
            {
                tokens[size - ToolTokens.Length + i] = ToolTokens[i];
                types[size - ToolTokens.Length + i] = TypeUserDefined;
            }
        }

        var scores = tokens.Select((piece, index) => types[index] == TypeNormal ? piece.Length - (index * 1e-4f) : 0f).ToArray();
        return ([.. tokens], scores, [.. types]);
    }
}
