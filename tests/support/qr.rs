//! Reads a QR code from inline SVG markup, as a phone would read the screen:
//! the SVG's filled paths are rasterised (scanline, non-zero winding) into a
//! greyscale bitmap, which `rqrr` locates and decodes. Handles the absolute
//! and relative `M L H V Z` path commands, which is what QR renderers emit
//! (one sub-path per run of dark modules); curves are refused.

/// Pixels per SVG user unit.
const SCALE: usize = 6;
/// White margin added around the picture, in user units.
const MARGIN: f64 = 4.0;

/// The text of the QR code in `markup` (an `<svg>`, or an element holding one).
pub fn decode_svg(markup: &str) -> Result<String, String> {
    let (width, height) = view_box(markup)?;
    let mut edges = Vec::new();
    for d in path_data(markup) {
        edges.extend(path_edges(&d)?);
    }
    if edges.is_empty() {
        return Err("no filled path in the SVG".into());
    }
    let w = ((width + 2.0 * MARGIN) * SCALE as f64).round() as usize;
    let h = ((height + 2.0 * MARGIN) * SCALE as f64).round() as usize;
    let pixels = rasterise(&edges, w, h);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = image.detect_grids();
    let grid = grids.first().ok_or("no QR code found in the picture")?;
    let (_meta, text) = grid.decode().map_err(|e| format!("QR decode: {e}"))?;
    Ok(text)
}

/// `viewBox="min-x min-y width height"`: the width and height (the origin
/// is taken as 0 0, as QR renderers write it).
fn view_box(markup: &str) -> Result<(f64, f64), String> {
    let value = attribute(markup, "viewBox").ok_or("the SVG has no viewBox")?;
    let numbers: Vec<f64> = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<f64>()
                .map_err(|e| format!("viewBox {value:?}: {e}"))
        })
        .collect::<Result<_, _>>()?;
    match numbers[..] {
        [0.0, 0.0, w, h] if w > 0.0 && h > 0.0 => Ok((w, h)),
        _ => Err(format!("unexpected viewBox {value:?}")),
    }
}

/// The first `name="…"` attribute value in `markup`.
fn attribute<'a>(markup: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = markup.find(&needle)? + needle.len();
    let len = markup[start..].find('"')?;
    Some(&markup[start..start + len])
}

/// The `d` of every `<path>` whose fill is not white.
fn path_data(markup: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = markup;
    while let Some(i) = rest.find("<path") {
        let element = &rest[i..];
        let end = element.find('>').unwrap_or(element.len());
        let tag = &element[..end];
        let white = matches!(
            attribute(tag, "fill")
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("#fff" | "#ffffff" | "white" | "none")
        );
        if let (false, Some(d)) = (white, attribute(tag, "d")) {
            out.push(d.to_owned());
        }
        rest = &element[end..];
    }
    out
}

/// A straight edge from `(x0, y0)` to `(x1, y1)`, in user units.
#[derive(Clone, Copy, Debug)]
struct Edge {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// The edges of the closed sub-paths of a path's `d`.
fn path_edges(d: &str) -> Result<Vec<Edge>, String> {
    let tokens = tokenise(d)?;
    let mut edges = Vec::new();
    let (mut x, mut y) = (0.0f64, 0.0f64);
    let (mut start_x, mut start_y) = (0.0f64, 0.0f64);
    let mut i = 0;
    let mut command = None;
    let close = |edges: &mut Vec<Edge>, x: f64, y: f64, sx: f64, sy: f64| {
        if x != sx || y != sy {
            edges.push(Edge {
                x0: x,
                y0: y,
                x1: sx,
                y1: sy,
            });
        }
    };
    while i < tokens.len() {
        let c = match tokens[i] {
            Token::Command(c) => {
                i += 1;
                c
            }
            // Repeated arguments repeat the command (M turns into L).
            Token::Number(_) => match command {
                Some('M') => 'L',
                Some('m') => 'l',
                Some(c) => c,
                None => return Err(format!("path {d:?} starts with a number")),
            },
        };
        command = Some(c);
        let mut number = || -> Result<f64, String> {
            match tokens.get(i) {
                Some(Token::Number(n)) => {
                    i += 1;
                    Ok(*n)
                }
                _ => Err(format!("path {d:?}: command {c} lacks a number")),
            }
        };
        let (nx, ny) = match c {
            'M' | 'm' => {
                let (a, b) = (number()?, number()?);
                close(&mut edges, x, y, start_x, start_y);
                let (nx, ny) = if c == 'M' { (a, b) } else { (x + a, y + b) };
                x = nx;
                y = ny;
                start_x = nx;
                start_y = ny;
                continue;
            }
            'L' => (number()?, number()?),
            'l' => {
                let (a, b) = (number()?, number()?);
                (x + a, y + b)
            }
            'H' => (number()?, y),
            'h' => (x + number()?, y),
            'V' => (x, number()?),
            'v' => (x, y + number()?),
            'Z' | 'z' => {
                close(&mut edges, x, y, start_x, start_y);
                x = start_x;
                y = start_y;
                continue;
            }
            other => return Err(format!("path command {other:?} is not supported")),
        };
        edges.push(Edge {
            x0: x,
            y0: y,
            x1: nx,
            y1: ny,
        });
        x = nx;
        y = ny;
    }
    // A fill closes every open sub-path.
    close(&mut edges, x, y, start_x, start_y);
    Ok(edges)
}

enum Token {
    Command(char),
    Number(f64),
}

fn tokenise(d: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = d.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || c == ',' {
            i += 1;
        } else if c.is_ascii_alphabetic() && c != 'e' && c != 'E' {
            tokens.push(Token::Command(c));
            i += 1;
        } else {
            let start = i;
            i += 1;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || chars[i] == '.'
                    || ((chars[i] == '-' || chars[i] == '+') && matches!(chars[i - 1], 'e' | 'E'))
                    || chars[i] == 'e'
                    || chars[i] == 'E')
            {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let n = text
                .parse::<f64>()
                .map_err(|e| format!("path number {text:?}: {e}"))?;
            tokens.push(Token::Number(n));
        }
    }
    Ok(tokens)
}

/// White picture, dark where the edges enclose the pixel centre (non-zero rule).
fn rasterise(edges: &[Edge], w: usize, h: usize) -> Vec<u8> {
    let mut pixels = vec![255u8; w * h];
    let mut crossings: Vec<(f64, i32)> = Vec::new();
    for row in 0..h {
        let y = (row as f64 + 0.5) / SCALE as f64 - MARGIN;
        crossings.clear();
        for e in edges {
            let (top, bottom) = (e.y0.min(e.y1), e.y0.max(e.y1));
            if e.y0 == e.y1 || y < top || y >= bottom {
                continue;
            }
            let x = e.x0 + (y - e.y0) * (e.x1 - e.x0) / (e.y1 - e.y0);
            crossings.push((x, if e.y1 > e.y0 { 1 } else { -1 }));
        }
        crossings.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut winding = 0;
        for pair in crossings.windows(2) {
            winding += pair[0].1;
            if winding == 0 {
                continue;
            }
            let from = ((pair[0].0 + MARGIN) * SCALE as f64 - 0.5).ceil().max(0.0) as usize;
            let to = ((pair[1].0 + MARGIN) * SCALE as f64 - 0.5).ceil().max(0.0) as usize;
            for px in &mut pixels[row * w + from.min(w)..row * w + to.min(w)] {
                *px = 0;
            }
        }
    }
    pixels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squares_and_relative_commands_fill_the_right_pixels() {
        let edges = path_edges("M1 1h2v2H1V1 m3 0 l1 0 0 1 -1 0 z").unwrap();
        assert_eq!(edges.len(), 8);
        let w = (8.0 + 2.0 * MARGIN) as usize * SCALE;
        let pixels = rasterise(&edges, w, w);
        let at = |x: f64, y: f64| {
            pixels[((y + MARGIN) * SCALE as f64) as usize * w
                + ((x + MARGIN) * SCALE as f64) as usize]
        };
        assert_eq!(at(1.5, 1.5), 0);
        assert_eq!(at(2.9, 2.9), 0);
        assert_eq!(at(3.1, 1.5), 255);
        assert_eq!(at(4.5, 1.5), 0);
        assert_eq!(at(4.5, 2.5), 255);
        assert_eq!(at(0.5, 0.5), 255);
    }
}
