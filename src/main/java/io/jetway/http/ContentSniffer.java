package io.jetway.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Go's http.DetectContentType (the WHATWG sniffing subset Traefik's contentType middleware
 * enables): HTML and XML after leading white space, a table of magic numbers, then plain text
 * unless a control byte says binary. Looks at the first 512 bytes.
 */
public final class ContentSniffer {

    static final String TEXT = "text/plain; charset=utf-8";
    static final String BINARY = "application/octet-stream";
    private static final int LIMIT = 512;

    private static final List<String> HTML_TAGS = List.of("<!DOCTYPE HTML", "<HTML", "<HEAD", "<SCRIPT", "<IFRAME",
            "<H1", "<DIV", "<FONT", "<TABLE", "<A", "<STYLE", "<TITLE", "<B", "<BODY", "<BR", "<P", "<!--");

    /** A prefix and its type. */
    private record Magic(byte[] prefix, String type) {
        Magic(String prefix, String type) {
            this(prefix.getBytes(StandardCharsets.ISO_8859_1), type);
        }
    }

    private static final List<Magic> MAGIC = List.of(
            new Magic("%PDF-", "application/pdf"),
            new Magic("%!PS-Adobe-", "application/postscript"),
            new Magic("\u00FE\u00FF", "text/plain; charset=utf-16be"),
            new Magic("\u00FF\u00FE", "text/plain; charset=utf-16le"),
            new Magic("\u00EF\u00BB\u00BF", TEXT),
            new Magic("\u0000\u0000\u0001\u0000", "image/x-icon"),
            new Magic("\u0000\u0000\u0002\u0000", "image/x-icon"),
            new Magic("BM", "image/bmp"),
            new Magic("GIF87a", "image/gif"),
            new Magic("GIF89a", "image/gif"),
            new Magic("\u0089PNG\r\n\u001A\n", "image/png"),
            new Magic("\u00FF\u00D8\u00FF", "image/jpeg"),
            new Magic("ID3", "audio/mpeg"),
            new Magic("OggS\u0000", "application/ogg"),
            new Magic("MThd\u0000\u0000\u0000\u0006", "audio/midi"),
            new Magic("\u001AE\u00DF\u00A3", "video/webm"),
            new Magic("\u0000\u0001\u0000\u0000", "font/ttf"),
            new Magic("OTTO", "font/otf"),
            new Magic("ttcf", "font/collection"),
            new Magic("wOFF", "font/woff"),
            new Magic("wOF2", "font/woff2"),
            new Magic("\u001F\u008B\u0008", "application/x-gzip"),
            new Magic("PK\u0003\u0004", "application/zip"),
            new Magic("Rar!\u001A\u0007\u0000", "application/x-rar-compressed"),
            new Magic("Rar!\u001A\u0007\u0001\u0000", "application/x-rar-compressed"),
            new Magic("\u0000asm", "application/wasm"));

    private ContentSniffer() {
    }

    public static String detect(byte[] data, int offset, int length) {
        int end = offset + Math.min(length, LIMIT);
        int start = offset;
        while (start < end && isWhiteSpace(data[start])) {
            start++;
        }
        for (String tag : HTML_TAGS) {
            if (htmlTagAt(data, start, end, tag)) {
                return "text/html; charset=utf-8";
            }
        }
        if (startsWith(data, start, end, "<?xml".getBytes(StandardCharsets.ISO_8859_1))) {
            return "text/xml; charset=utf-8";
        }
        for (Magic magic : MAGIC) {
            if (startsWith(data, offset, end, magic.prefix())) {
                return magic.type();
            }
        }
        String riff = riffType(data, offset, end);
        if (riff != null) {
            return riff;
        }
        if (isMp4(data, offset, end)) {
            return "video/mp4";
        }
        for (int i = start; i < end; i++) {
            if (isBinary(data[i])) {
                return BINARY;
            }
        }
        return TEXT;
    }

    private static boolean isWhiteSpace(byte b) {
        return b == '\t' || b == '\n' || b == 0x0C || b == '\r' || b == ' ';
    }

    private static boolean isBinary(byte b) {
        return b >= 0 && b <= 0x08 || b == 0x0B || b >= 0x0E && b <= 0x1A || b >= 0x1C && b <= 0x1F;
    }

    /** The tag, case-insensitively, followed by a space or '>'. */
    private static boolean htmlTagAt(byte[] data, int start, int end, String tag) {
        if (end - start < tag.length() + 1) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            byte b = data[start + i];
            char expected = tag.charAt(i);
            if (Character.isLetter(expected) ? (b & 0xDF) != expected : b != expected) {
                return false;
            }
        }
        byte after = data[start + tag.length()];
        return after == ' ' || after == '>';
    }

    private static boolean startsWith(byte[] data, int start, int end, byte[] prefix) {
        if (end - start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** RIFF containers: "RIFF", a size, then the form type. */
    private static String riffType(byte[] data, int start, int end) {
        if (end - start < 12 || !startsWith(data, start, end, "RIFF".getBytes(StandardCharsets.ISO_8859_1))) {
            return null;
        }
        String form = new String(data, start + 8, 4, StandardCharsets.ISO_8859_1);
        return switch (form) {
            case "WEBP" -> end - start >= 14 && data[start + 12] == 'V' && data[start + 13] == 'P' ? "image/webp" : null;
            case "AVI " -> "video/avi";
            case "WAVE" -> "audio/wave";
            default -> null;
        };
    }

    /** An ISO BMFF "ftyp" box naming an mp4 brand. */
    private static boolean isMp4(byte[] data, int start, int end) {
        if (end - start < 12) {
            return false;
        }
        long boxSize = ((data[start] & 0xFFL) << 24) | ((data[start + 1] & 0xFF) << 16) | ((data[start + 2] & 0xFF) << 8)
                | (data[start + 3] & 0xFF);
        if (end - start < boxSize || boxSize % 4 != 0 || !startsWith(data, start + 4, end, "ftyp".getBytes(StandardCharsets.ISO_8859_1))) {
            return false;
        }
        for (int at = 8; at + 3 <= boxSize; at += 4) {
            if (at != 12 && data[start + at] == 'm' && data[start + at + 1] == 'p' && data[start + at + 2] == '4') {
                return true;
            }
        }
        return false;
    }
}
