namespace ChatHub.Inference.Knowledge;

/// <summary>
/// A deliberately light English stemmer: plurals, <c>-ing</c>/<c>-ed</c>, and a final silent <c>e</c>, so that
/// "store", "stores", "stored" and "storing" meet. Words with non-ASCII letters, digits or fewer than four
/// characters are left alone. It only has to be consistent between the index and the query, not linguistic.
/// </summary>
internal static class LightStemmer
{
    public static string Stem(string word)
    {
        if (word.Length < 4 || !IsAsciiLetters(word))
        {
            return word;
        }

        var stem = StripPlural(word);

        // Twice, so that "embedding" -> "embed" -> "emb" meets "embed" -> "emb".
        for (var pass = 0; pass < 2; pass++)
        {
            var next = StripVerbSuffix(stem);
            if (ReferenceEquals(next, stem))
            {
                break;
            }

            stem = next;
        }

        if (stem.Length > 3 && stem[^1] == 'e')
        {
            stem = stem[..^1];
        }

        return stem;
    }

    private static string StripPlural(string word)
    {
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            return string.Concat(word.AsSpan(0, word.Length - 3), "y");
        }

        if (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal)
            || word.EndsWith("zes", StringComparison.Ordinal) || word.EndsWith("ches", StringComparison.Ordinal)
            || word.EndsWith("shes", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word[^1] == 's' && !word.EndsWith("ss", StringComparison.Ordinal)
            && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        return word;
    }

    private static string StripVerbSuffix(string word)
    {
        string? stem = null;
        if (word.EndsWith("ing", StringComparison.Ordinal) && word.Length - 3 >= 3)
        {
            stem = word[..^3];
        }
        else if (word.EndsWith("ed", StringComparison.Ordinal) && word.Length - 2 >= 3)
        {
            stem = word[..^2];
        }

        if (stem is null || !stem.Any(IsVowel))
        {
            return word;
        }

        // "stopped" -> "stopp" -> "stop"; but keep "ll", "ss", "zz" ("installed" -> "install").
        if (stem.Length > 3 && stem[^1] == stem[^2] && !IsVowel(stem[^1]) && stem[^1] is not ('l' or 's' or 'z'))
        {
            stem = stem[..^1];
        }

        return stem;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    private static bool IsAsciiLetters(string word)
    {
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }
}
