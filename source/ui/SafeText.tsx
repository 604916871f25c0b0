// Ink's Text behind the sanitiser: the console's final guard. Every string a component renders
// goes through core/safe-text.ts (`screen`: lines kept, tabs expanded, every control character and
// escape sequence shown as a placeholder), so text that escaped sanitising where it entered still
// cannot set the title, write the clipboard, hide text or draw over a border. Components import
// Text from here, never from ink (test/unit/hostile-text-writers.test.ts checks).
import {Text as InkText, type TextProps} from 'ink';
import React, {Children} from 'react';
import {visible} from '../core/safe-text.js';

export type {TextProps};

export function Text({children, ...props}: TextProps): React.JSX.Element {
	return (
		<InkText {...props}>
			{Children.map(children, child => (typeof child === 'string' ? visible(child, 'screen') : child))}
		</InkText>
	);
}
