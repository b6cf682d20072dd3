/// Where Alt-B and Alt-F take the cursor in the editors: words are runs of letters, digits
/// and `_`, as readline has them.
enum WordMotion {
    /// The start of the word before `index` (skipping what is not a word first).
    static func start(before index: Int, in characters: [Character]) -> Int {
        var position = index
        while position > 0 && !isWordCharacter(characters[position - 1]) { position -= 1 }
        while position > 0 && isWordCharacter(characters[position - 1]) { position -= 1 }
        return position
    }

    /// The end of the word after `index` (skipping what is not a word first).
    static func end(after index: Int, in characters: [Character]) -> Int {
        var position = index
        while position < characters.count && !isWordCharacter(characters[position]) { position += 1 }
        while position < characters.count && isWordCharacter(characters[position]) { position += 1 }
        return position
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }
}
