# Lab sheets (documents with the attribute `sheet`, see dev.socketfaq.docs.Sheets): room to write under every
# exercise, as ruled lines (the image named by the attribute `sheet-lines`). An exercise is an item of an ordered
# list directly in the "Exercises" section, or a subsection of it; a section with neither gets the lines once.
# It also leaves out the table of contents and keeps every listing on one page.
require 'asciidoctor/extensions'

Asciidoctor::Extensions.register do
  tree_processor do
    process do |doc|
      next doc unless (doc.attr? 'sheet') && (doc.attr? 'sheet-lines')
      doc.remove_attr 'toc' # a sheet of two to four pages needs no table of contents (the site's pages set toc)
      # a command block is never split across two sheets of paper
      doc.find_by(context: :listing).each { |block| block.set_option 'unbreakable' }
      room = lambda do |parent|
        create_image_block parent, { 'target' => (doc.attr 'sheet-lines'), 'alt' => 'Room to write',
                                     'pdfwidth' => '100%', 'role' => 'sheet-lines' }
      end
      doc.find_by(context: :section) { |s| s.title.to_s.strip.downcase == 'exercises' }.each do |section|
        lists = section.blocks.select { |b| b.context == :olist }
        if !section.sections.empty?
          section.sections.each { |sub| sub << room.call(sub) }
        elsif !lists.empty?
          lists.each { |list| list.items.each { |item| item << room.call(item) } }
        else
          section << room.call(section)
        end
      end
      doc
    end
  end
end
